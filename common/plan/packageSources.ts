import { NODE_BUNDLE_DIR } from '../bundle/pushSelection';
import type { ResolvedVersion } from '../catalog/images';
import { packageRepo, type PackageFamily } from '../catalog/packages';
import type { ClusterPlan } from '../model/plan';
import { effectiveMirrors } from './effectiveMirrors';

/** Where a node family's kubelet, kubeadm and kubectl come from. */
export interface PackageSource {
  family: PackageFamily;
  /** The repository the kube-packages step configures (deb line URI / yum baseurl). */
  repository: string;
}

/**
 * The Kubernetes package repositories of the plan, per package family, for the plan preview and
 * the dry run: the exact package strings are not known here — the kube-packages step asks the
 * node's package manager at install (apt-cache madison / dnf list --showduplicates), and
 * preflight checks the version is there first — so a preview can only say where they are
 * resolved from. A family the mirror profile has no repository for is left out.
 */
export function packageSources(plan: ClusterPlan, v: ResolvedVersion): PackageSource[] {
  // An offline plan's packages come from the pushed bundle's local repositories (bundle-repo).
  if (plan.offline === true) {
    return [
      { family: 'deb', repository: `file:${NODE_BUNDLE_DIR}/apt` },
      { family: 'rpm', repository: `file://${NODE_BUNDLE_DIR}/rpm` },
    ];
  }
  const mirrors = effectiveMirrors(plan, v);
  const out: PackageSource[] = [];
  for (const family of ['deb', 'rpm'] as const) {
    const repo = packageRepo(v, mirrors, family);
    if (repo) out.push({ family, repository: repo.url });
  }
  return out;
}

/** One line per family: `deb: kubelet, kubeadm, kubectl resolved from <url> at install`. */
export function packageSourceLines(sources: readonly PackageSource[]): string[] {
  return sources.map(
    (s) => `${s.family}: kubelet, kubeadm, kubectl resolved from ${s.repository} at install`,
  );
}
