import { FIRST_PKGS_MINOR, isRetiredKubernetesRepo } from '../../common/catalog/packages';
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
  if (isRetiredKubernetesRepo(repoUrl)) return retiredRepoResult(base, index, offer);
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

/**
 * The plan names a retired Google-hosted repository: block before anything is configured, with
 * the cause and the fix, whatever the node read there (a 404, or a stale copy behind a proxy).
 * Versions from 1.24 come from pkgs.k8s.io; older ones only from a mirror that kept the legacy
 * layout (the China profile's Aliyun mirror does).
 */
function retiredRepoResult(
  base: Pick<CheckResult, 'checkId' | 'nodeIds' | 'severity'>,
  index: PackageIndex,
  offer: PackageOffer,
): CheckResult {
  const { repoUrl, wanted } = index;
  const minor = Number(wanted.split('.')[1]);
  const fix =
    minor >= FIRST_PKGS_MINOR
      ? {
          en: `Use the community repository pkgs.k8s.io (https://pkgs.k8s.io/core:/stable:/v1.${minor}/): remove the repository override from the plan's mirrors.`,
          zh: `请改用社区软件源 pkgs.k8s.io（https://pkgs.k8s.io/core:/stable:/v1.${minor}/）：从计划的 mirrors 中去掉该软件源覆盖。`,
        }
      : {
          en: `pkgs.k8s.io carries Kubernetes 1.${FIRST_PKGS_MINOR} and newer only: plan 1.${FIRST_PKGS_MINOR} or newer (installed from pkgs.k8s.io), or point the plan's legacy repository at a mirror that still keeps it (the China profile's https://mirrors.aliyun.com/kubernetes/apt/).`,
          zh: `pkgs.k8s.io 只提供 Kubernetes 1.${FIRST_PKGS_MINOR} 及以上版本：请计划 1.${FIRST_PKGS_MINOR} 或更新的版本（从 pkgs.k8s.io 安装），或把计划中的旧版软件源指向仍保留它的镜像（国内镜像配置中的 https://mirrors.aliyun.com/kubernetes/apt/）。`,
        };
  return {
    ...base,
    status: 'fail',
    message: {
      en: `The Kubernetes repository ${repoUrl} is the retired Google-hosted one (apt.kubernetes.io / yum.kubernetes.io, removed on 2024-03-04; apt answers "does not have a Release file"). Nothing has been installed. ${fix.en}`,
      zh: `Kubernetes 软件源 ${repoUrl} 是已停用的 Google 托管旧软件源（apt.kubernetes.io / yum.kubernetes.io，已于 2024-03-04 移除；apt 会报 "does not have a Release file"）。尚未安装任何内容。${fix.zh}`,
    },
    evidence: `${index.indexUrl}: ${offer.ok ? `kubeadm ${offer.versions.slice(0, 3).join(', ') || 'none'}` : offer.error}`,
  };
}
