// kubeadm's `config images list` for the lab, from the same generated data the product reads
// (common/catalog/data/kubeadm-releases.json, made by `npm run catalog:update` from upstream
// sources; lab.sh copies it next to this file inside the nodes). As in kubeadm, the constants
// (pause, etcd, CoreDNS, default repository, order) are those of the kubeadm that runs; the
// listed version only tags the four core images (cmd/kubeadm/app/images/images.go).
import { existsSync, readFileSync } from 'node:fs';

const here = new URL('./kubeadm-releases.json', import.meta.url);
const repo = new URL('../../../common/catalog/data/kubeadm-releases.json', import.meta.url);
const DATA = JSON.parse(readFileSync(existsSync(here) ? here : repo, 'utf8'));

const parse = (v) => {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v);
  return m ? { minor: Number(m[2]), patch: Number(m[3]) } : undefined;
};

/** The release of exactly this version, else the newest of its minor (a newer patch). */
export function release(version) {
  const v = parse(version);
  if (!v) return undefined;
  const same = DATA.releases.filter((r) => parse(r.version).minor === v.minor);
  return same.find((r) => parse(r.version).patch === v.patch) ?? same.at(-1);
}

/** What `kubeadm config images list --kubernetes-version VERSION [--image-repository R]` prints. */
export function imageList(version, imageRepository, kubeadmVersion = version) {
  const k = release(kubeadmVersion) ?? release(version) ?? DATA.releases.at(-1);
  const tag = `v${version.replace(/^v/, '')}`;
  const r = (imageRepository ?? k.registry).replace(/\/+$/, '');
  const dnsRepo = k.corednsSubpath && r === k.registry ? `${r}/coredns` : r;
  const head = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy'].map((c) => `${r}/${c}:${tag}`);
  const dns = `${dnsRepo}/coredns:${k.coredns}`;
  const pause = `${r}/pause:${k.pause}`;
  const etcd = `${r}/etcd:${k.etcd}`;
  return k.corednsFirst ? [...head, dns, pause, etcd] : [...head, pause, etcd, dns];
}
