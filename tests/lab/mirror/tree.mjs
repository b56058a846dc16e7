#!/usr/bin/env node
// The lab mirror host's web tree: real-format apt repositories holding small real .deb files
// (`dpkg-deb --build` of a package whose payload is the lab's imitation binary), laid out as the
// real ones are, so kubelab's bundle build reads them exactly as it reads the internet's:
//
//   k8s/v1.<minor>/deb/Packages + amd64/<name>_<ver>_amd64.deb   pkgs.k8s.io's flat repository
//     (https://pkgs.k8s.io/core:/stable:/v1.27/deb/: `Filename: amd64/kubeadm_1.27.0-2.1_amd64.deb`,
//     kubeadm `Depends: kubelet (>= 1.19.0),kubectl (>= 1.19.0),kubernetes-cni (>= 1.1.1),
//     cri-tools (>= 1.25.0)` in its published Packages index, 2024)
//   docker/ubuntu/dists/<codename>/stable/binary-amd64/Packages + dists/<codename>/pool/stable/
//     amd64/containerd.io_<ver>_amd64.deb                         download.docker.com's layout
//   cni/kube-flannel.yml                                           the CNI manifest
//   bad/k8s/…   the same repository with the published index but a kubelet .deb one byte off:
//               a mirror serving a wrong checksum.
// Stanza fields: https://wiki.debian.org/DebianRepository/Format#A.22Packages.22_Indices
//
// Usage: tree.mjs OUT_DIR K8S_VERSION CODENAME
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const [out, version, codename] = process.argv.slice(2);
if (!out || !/^1\.\d+\.\d+$/.test(version ?? '') || !codename) {
  console.error('usage: tree.mjs OUT_DIR K8S_VERSION CODENAME');
  process.exit(2);
}
const minor = version.split('.').slice(0, 2).join('.');
const nodeDir = new URL('../node/', import.meta.url).pathname;
const labDir = new URL('../', import.meta.url).pathname;

/** Builds one .deb with `dpkg-deb --build`; returns its Packages stanza fields. */
function deb(dest, control, payload) {
  const root = mkdtempSync(join(tmpdir(), 'lab-deb-'));
  try {
    mkdirSync(join(root, 'DEBIAN'));
    const lines = Object.entries(control).map(([k, v]) => `${k}: ${v}`);
    writeFileSync(join(root, 'DEBIAN', 'control'), `${lines.join('\n')}\n`);
    for (const [path, source] of Object.entries(payload)) {
      mkdirSync(join(root, dirname(path)), { recursive: true });
      copyFileSync(source, join(root, path));
    }
    mkdirSync(dirname(dest), { recursive: true });
    execFileSync('dpkg-deb', ['--root-owner-group', '-Zgzip', '--build', root, dest], { stdio: 'ignore' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const body = readFileSync(dest);
  return { size: body.length, sha256: createHash('sha256').update(body).digest('hex') };
}

function stanza(control, filename, file) {
  const { Package, Version, Architecture, Maintainer, Depends, Description } = control;
  return [
    `Package: ${Package}`,
    `Version: ${Version}`,
    `Architecture: ${Architecture}`,
    `Maintainer: ${Maintainer}`,
    ...(Depends ? [`Depends: ${Depends}`] : []),
    `Filename: ${filename}`,
    `Size: ${file.size}`,
    `SHA256: ${file.sha256}`,
    `Description: ${Description}`,
    '',
  ].join('\n');
}

const maintainer = 'Kubernetes Authors <dev@kubernetes.io>';
const k8sPackages = [
  ['kubeadm', `${version}-1.1`, 'kubelet (>= 1.19.0),kubectl (>= 1.19.0),kubernetes-cni (>= 1.1.1),cri-tools (>= 1.25.0)', 'kubeadm.mjs', 'kubeadm'],
  ['kubelet', `${version}-1.1`, 'iptables (>= 1.4.21),kubernetes-cni (>= 1.1.1),mount,util-linux', 'kubelet.mjs', 'kubelet'],
  ['kubectl', `${version}-1.1`, '', 'kubectl.mjs', 'kubectl'],
  ['cri-tools', `${minor.replace(/^1\./, '1.')}.0-1.1`, '', 'docker.mjs', 'crictl'],
  ['kubernetes-cni', '1.2.0-2.1', '', 'common.sh', 'opt/cni/bin/loopback'],
];
const k8sDir = join(out, 'k8s', `v${minor}`, 'deb');
const stanzas = [];
for (const [name, ver, depends, binary, installed] of k8sPackages) {
  const control = {
    Package: name,
    Version: ver,
    Architecture: 'amd64',
    Maintainer: maintainer,
    ...(depends ? { Depends: depends } : {}),
    Description: `${name} (kubelab practice lab build)`,
  };
  const filename = `amd64/${name}_${ver}_amd64.deb`;
  const target = installed.startsWith('opt/') ? installed : `usr/bin/${installed}`;
  stanzas.push(stanza(control, filename, deb(join(k8sDir, filename), control, { [target]: join(nodeDir, binary) })));
}
writeFileSync(join(k8sDir, 'Packages'), stanzas.join('\n'));

// The wrong-checksum mirror: the published index and files, kubelet's with one byte flipped.
const badDir = join(out, 'bad', 'k8s', `v${minor}`, 'deb');
mkdirSync(join(badDir, 'amd64'), { recursive: true });
copyFileSync(join(k8sDir, 'Packages'), join(badDir, 'Packages'));
for (const [name, ver] of k8sPackages) {
  const filename = `amd64/${name}_${ver}_amd64.deb`;
  if (name === 'kubelet') {
    const body = readFileSync(join(k8sDir, filename));
    body[body.length - 1] ^= 0xff;
    writeFileSync(join(badDir, filename), body);
  } else {
    symlinkSync(join(k8sDir, filename), join(badDir, filename));
  }
}

// Docker CE's containerd.io (download.docker.com/linux/ubuntu: dists/<codename>/pool/stable/amd64/),
// for each Ubuntu release asked for (`focal,jammy`: a plan whose machines run both).
const dockerRoot = join(out, 'docker', 'ubuntu');
const containerd = {
  Package: 'containerd.io',
  Version: '1.7.27-1',
  Architecture: 'amd64',
  Maintainer: 'Containerd team <help@containerd.io>',
  Description: 'An open and reliable container runtime (kubelab practice lab build)',
};
for (const release of codename.split(',')) {
  const pool = `dists/${release}/pool/stable/amd64/`;
  const cfile = `${pool}containerd.io_1.7.27-1_amd64.deb`;
  const cinfo = deb(join(dockerRoot, cfile), containerd, { 'usr/bin/containerd': join(nodeDir, 'docker.mjs') });
  const dockerIndex = join(dockerRoot, 'dists', release, 'stable', 'binary-amd64', 'Packages');
  mkdirSync(dirname(dockerIndex), { recursive: true });
  writeFileSync(dockerIndex, stanza(containerd, cfile, cinfo));
}

// The CNI manifest: the lab's copy of flannel's kube-flannel.yml (its net-conf.json is what
// install-cni sets the pod CIDR in) at the catalog's release for 1.22+ (common/catalog/cni.ts), as
// the lab's github.com release download serves it: its images are the ones a bundle carries.
mkdirSync(join(out, 'cni'), { recursive: true });
copyFileSync(
  join(labDir, 'www', 'github.com', 'flannel-io', 'flannel', 'releases', 'download', 'v0.26.7', 'kube-flannel.yml'),
  join(out, 'cni', 'kube-flannel.yml'),
);
