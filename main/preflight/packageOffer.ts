import type { CheckResult } from '../../common/model/preflight';
import type { PackageIndex } from './packageIndex';

/** What probe.sh's `k8spkgs` section said: the versions offered, or why it could not tell. */
export type PackageOffer = { ok: true; versions: string[] } | { ok: false; error: string };

/** `1:1.29.4-2.1` / `1.29.4-150500.1.1` / `1.18.2-00` → `1.29.4` / `1.18.2`. */
export function upstreamOf(pkgVersion: string): string {
  return pkgVersion.replace(/^\d+:/, '').replace(/[-~].*$/, '');
}

const parts = (v: string): number[] => upstreamOf(v).split('.').map(Number);

function compareNewestFirst(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (y[i] ?? 0) - (x[i] ?? 0);
    if (d !== 0) return d;
  }
  return b.localeCompare(a, 'en', { numeric: true });
}

/** The section's lines → the offer, versions newest first (a Packages index is unordered). */
export function parsePackageOffer(section: string | undefined): PackageOffer | undefined {
  const rows = (section ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const [head, ...versions] = rows;
  if (head === undefined) return undefined;
  if (head.startsWith('error')) return { ok: false, error: head.replace(/^error\s*/, '') };
  return { ok: true, versions: [...new Set(versions)].sort(compareNewestFirst) };
}

/**
 * Up to three offered versions nearest to `wanted`, nearest first (ties: the newer first), as the
 * kube-packages step's kl_nearest picks them, so preflight and the step name the same ones.
 */
export function nearestVersions(wanted: string, offered: readonly string[], count = 3): string[] {
  const [wMajor = 0, wMinor = 0, wPatch = 0] = wanted.split('.').map(Number);
  const distance = (v: string): number => {
    const [a = 0, b = 0, c = 0] = parts(v);
    return Math.abs((a - wMajor) * 1_000_000 + (b - wMinor) * 1000 + (c - wPatch));
  };
  return [...offered]
    .sort(compareNewestFirst)
    .map((v, i) => ({ v, d: distance(v), i }))
    .sort((p, q) => p.d - q.d || p.i - q.i)
    .slice(0, count)
    .map((p) => p.v);
}

/**
 * One result per node: the plan's Kubernetes version is in the repository the install will use
 * (block when not, naming the repository, the version and the nearest ones it has), checked
 * before anything is installed. Unknown when the node could not read the repository: the
 * mirror-reachable check reports an unreachable server.
 */
export function packageVersionResult(
  nodeId: string,
  index: PackageIndex | undefined,
  offer: PackageOffer | undefined,
): CheckResult {
  const base = { checkId: 'kube-package-version', nodeIds: [nodeId], severity: 'block' as const };
  if (!index || !offer) {
    return {
      ...base,
      status: 'unknown',
      message: {
        en: 'Not checked: the Kubernetes package repository was not asked from this node.',
        zh: '未检查：未从此节点查询 Kubernetes 软件源。',
      },
      evidence: '',
    };
  }
  const { repoUrl, wanted } = index;
  if (!offer.ok) {
    return {
      ...base,
      status: 'unknown',
      message: {
        en: `Not checked: this node could not read the Kubernetes repository ${repoUrl} (${offer.error}).`,
        zh: `未检查：此节点无法读取 Kubernetes 软件源 ${repoUrl}（${offer.error}）。`,
      },
      evidence: `${index.indexUrl}: ${offer.error}`,
    };
  }
  const evidence = `kubeadm in ${index.indexUrl}: ${offer.versions.slice(0, 8).join(', ') || 'none'}${offer.versions.length > 8 ? ', …' : ''}`;
  const exact = offer.versions.find((v) => upstreamOf(v) === wanted);
  if (exact) {
    return {
      ...base,
      status: 'pass',
      message: {
        en: `The Kubernetes repository ${repoUrl} has kubeadm ${wanted} (${exact}).`,
        zh: `Kubernetes 软件源 ${repoUrl} 提供 kubeadm ${wanted}（${exact}）。`,
      },
      evidence,
    };
  }
  if (offer.versions.length === 0) {
    return {
      ...base,
      status: 'fail',
      message: {
        en: `The Kubernetes repository ${repoUrl} offers no kubeadm package at all (wanted ${wanted}). Nothing has been installed. Choose a mirror that carries Kubernetes ${wanted}.`,
        zh: `Kubernetes 软件源 ${repoUrl} 完全没有 kubeadm 软件包（需要 ${wanted}）。尚未安装任何内容。请选择提供 Kubernetes ${wanted} 的镜像源。`,
      },
      evidence,
    };
  }
  const nearest = nearestVersions(wanted, offer.versions).join(', ');
  return {
    ...base,
    status: 'fail',
    message: {
      en: `The Kubernetes repository ${repoUrl} has no kubeadm ${wanted}; nearest available: ${nearest}. Nothing has been installed. Plan one of these versions, or choose a mirror that has ${wanted}.`,
      zh: `Kubernetes 软件源 ${repoUrl} 没有 kubeadm ${wanted}；最接近的可用版本：${nearest}。尚未安装任何内容。请在计划中选择其中一个版本，或换用提供 ${wanted} 的镜像源。`,
    },
    evidence,
  };
}
