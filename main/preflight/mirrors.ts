import { cniRelease } from '../../common/catalog/cni';
import {
  CRI_DOCKERD,
  criDockerdDebAsset,
  criDockerdReleaseUrl,
} from '../../common/catalog/criDockerd';
import { kubeadmImages, resolveVersion } from '../../common/catalog/images';
import { mirrorImage } from '../../common/catalog/mirrors';
import { packageRepo, type PackageFamily } from '../../common/catalog/packages';
import type { CheckResult } from '../../common/model/preflight';
import type { ClusterPlan } from '../../common/model/plan';
import { effectiveMirrors } from '../../common/plan/effectiveMirrors';
import type { UrlReach } from './probeParser';

export interface PlanUrl {
  url: string;
  kind: 'images' | 'packages';
  /** What needs it: `kube-apiserver, pause, …`, `Kubernetes packages`. */
  what: string;
}

/** `quay.io/coreos/flannel:v0.14.0` → `quay.io`; Docker Hub names → its API host. */
export function registryOf(image: string): string {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  const host =
    first.includes('.') || first.includes(':') || first === 'localhost' ? first : 'docker.io';
  return host === 'docker.io' ? 'registry-1.docker.io' : host;
}

const imageName = (image: string): string =>
  (image.split('/').pop() ?? image).split(':')[0] ?? image;

/**
 * Every server the plan's install pulls from, as URLs a node can try with curl: each image
 * registry's `/v2/` (a registry answers it, 401 included, even to anonymous clients) — the
 * kubeadm images with the pause image, and the CNI's images through the plan's mirrors — and the
 * Kubernetes and Docker package repositories for the node's package family.
 */
export function planUrls(
  plan: ClusterPlan,
  family: PackageFamily | undefined,
  osId: string,
): PlanUrl[] {
  const v = resolveVersion(plan.kubernetesVersion);
  if (!v) return [];
  const m = effectiveMirrors(plan, v);
  const images = [...kubeadmImages(v, m.effectiveImageRepository)];
  // Past the catalog the list is unknown, but the control-plane images' names and tags are not
  // (kubeadm's GetKubernetesImage: <repository>/kube-apiserver:v<version>): try that registry.
  if (v.beyondCatalog) images.push(`${m.effectiveImageRepository}/kube-apiserver:v${v.version}`);
  const cni = cniRelease(plan.cni.plugin, v.entry.minor);
  if (cni) images.push(...cni.images.map((i) => mirrorImage(i, m.registries)));
  const byHost = new Map<string, string[]>();
  for (const image of images) {
    const host = registryOf(image);
    byHost.set(host, [...(byHost.get(host) ?? []), imageName(image)]);
  }
  const urls: PlanUrl[] = [...byHost].map(([host, names]) => ({
    url: `https://${host}/v2/`,
    kind: 'images',
    what: [...new Set(names)].join(', '),
  }));
  if (family) {
    const repo = packageRepo(v, m, family);
    if (repo) urls.push({ url: repo.url, kind: 'packages', what: 'Kubernetes packages' });
    if (plan.runtime !== 'containerd' || family === 'rpm') {
      const os = family === 'rpm' ? 'centos' : osId === 'debian' ? 'debian' : 'ubuntu';
      urls.push({ url: `${m.dockerCe}/${os}/`, kind: 'packages', what: 'Docker CE packages' });
    }
    if (plan.runtime === 'cri-dockerd')
      urls.push(criDockerdUrl(m.criDockerdReleases, family, osId));
  }
  return urls;
}

/**
 * The cri-dockerd package the container-runtime step downloads. The node's codename is not known
 * here, so a deb node is tried with its family's fallback build (ubuntu-jammy / debian-bookworm),
 * which every release publishes: the same server and release directory as the exact asset.
 */
function criDockerdUrl(root: string, family: PackageFamily, osId: string): PlanUrl {
  const asset =
    family === 'rpm'
      ? CRI_DOCKERD.rpmAsset
      : criDockerdDebAsset(
          osId === 'debian' ? CRI_DOCKERD.debFallback.debian : CRI_DOCKERD.debFallback.ubuntu,
          'amd64',
        );
  return {
    url: `${criDockerdReleaseUrl(root)}/${asset}`,
    kind: 'packages',
    what: `cri-dockerd ${CRI_DOCKERD.version} package`,
  };
}

/** Debian-like or RHEL-like, from os-release's ID and ID_LIKE. */
export function packageFamily(
  os: { id: string; idLike: string[] } | undefined,
): PackageFamily | undefined {
  if (!os) return undefined;
  const ids = [os.id, ...os.idLike];
  if (ids.some((i) => i === 'debian' || i === 'ubuntu')) return 'deb';
  if (ids.some((i) => ['rhel', 'fedora', 'centos', 'rocky', 'almalinux', 'openeuler'].includes(i)))
    return 'rpm';
  return undefined;
}

/** One result per node: every server the install needs answered (block when one did not). */
export function mirrorResult(
  nodeId: string,
  urls: readonly PlanUrl[],
  reach: readonly UrlReach[] | undefined,
): CheckResult {
  const base = { checkId: 'mirror-reachable', nodeIds: [nodeId], severity: 'block' as const };
  if (!reach || urls.length === 0) {
    return {
      ...base,
      status: 'unknown',
      message: {
        en: 'Not checked: the mirrors were not tried from this node.',
        zh: '未检查：未从此节点测试镜像源。',
      },
      evidence: '',
    };
  }
  const failed = urls.filter((u) => {
    const r = reach.find((x) => x.url === u.url);
    return !r || r.curlExit !== 0;
  });
  const line = (u: PlanUrl): string => {
    const r = reach.find((x) => x.url === u.url);
    return `${u.url} (${u.what}): ${r ? r.error || `curl exit ${r.curlExit}` : 'not tried'}`;
  };
  if (failed.length > 0) {
    return {
      ...base,
      status: 'fail',
      message: {
        en: `This node cannot reach ${failed.length} server(s) the install pulls from; pulls would fail (ImagePullBackOff, apt/dnf errors). Choose a mirror profile or set mirrors in the plan that this network can reach.`,
        zh: `此节点无法访问安装所需的 ${failed.length} 个服务器；拉取将失败（ImagePullBackOff、apt/dnf 错误）。请选择此网络可访问的镜像方案，或在计划中设置镜像地址。`,
      },
      evidence: failed.map(line).join('; '),
    };
  }
  return {
    ...base,
    status: 'pass',
    message: {
      en: 'Every registry and repository of the plan answers.',
      zh: '计划中的所有镜像仓库和软件源都可访问。',
    },
    evidence: urls.map((u) => u.url).join(', '),
  };
}
