import { imageSet, type ImageSet, type ResolvedVersion } from '../catalog/images';
import { cniRelease } from '../catalog/cni';
import { packageRepo, type PackageFamily } from '../catalog/packages';
import type { ClusterPlan } from '../model/plan';
import { effectiveMirrors } from '../plan/effectiveMirrors';
import type { HopRepository, ImageChange } from './schema';

/**
 * What one hop changes besides the binaries, all read from the catalog so the plan shows what the
 * install would use for that version:
 * - images: what `kubeadm config images list` gives for each patch (../catalog/releases.ts), in the
 *   plan's repository (kubeadm's default moves from k8s.gcr.io to registry.k8s.io in 1.25.0 and the
 *   1.22–1.24 patches of kubernetes/kubernetes#109938, which shows here as a change of every image);
 * - etcd and CoreDNS: the tags kubeadm of the target patch deploys — `upgrade apply` upgrades the
 *   local etcd member (backed up in /etc/kubernetes/tmp/kubeadm-backup-etcd-<date>-<time>) and
 *   applies the new DNS and kube-proxy manifests ("Upgrading kubeadm clusters", 1.18 page,
 *   kubernetes/website@0189ae0f6bf2a79ff2e4bfd5f9ec0da98d64c5d2 content/en/docs/tasks/
 *   administer-cluster/kubeadm/kubeadm-upgrade.md, "Recovering from a failure state" and
 *   "How it works");
 * - the package repository: pkgs.k8s.io is one repository per minor, so every hop from 1.24 on
 *   switches it (kubernetes.io/docs/tasks/administer-cluster/kubeadm/change-package-repository);
 *   the legacy layout (apt.kubernetes.io `kubernetes-xenial`, Aliyun's mirror of it) is one
 *   repository for all minors, so a hop inside it changes nothing (../catalog/packages.ts).
 */

const IMAGE_ROLES: readonly [keyof ImageSet, string][] = [
  ['apiServer', 'kube-apiserver'],
  ['controllerManager', 'kube-controller-manager'],
  ['scheduler', 'kube-scheduler'],
  ['proxy', 'kube-proxy'],
  ['pause', 'pause'],
  ['etcd', 'etcd'],
  ['coredns', 'coredns'],
];

function planImages(plan: ClusterPlan, v: ResolvedVersion): ImageSet {
  const mirrors = effectiveMirrors(plan, v);
  return imageSet(v, mirrors.customImageRepository ? mirrors.effectiveImageRepository : undefined);
}

export function imageChanges(
  plan: ClusterPlan,
  from: ResolvedVersion,
  to: ResolvedVersion,
): ImageChange[] {
  const before = planImages(plan, from);
  const after = planImages(plan, to);
  return IMAGE_ROLES.map(([key, component]) => ({
    component,
    before: before[key],
    after: after[key],
  }));
}

const FAMILIES: readonly PackageFamily[] = ['deb', 'rpm'];

export function repositoryChanges(
  plan: ClusterPlan,
  from: ResolvedVersion,
  to: ResolvedVersion,
): HopRepository[] {
  return FAMILIES.map((family) => {
    const before = packageRepo(from, effectiveMirrors(plan, from), family);
    const after = packageRepo(to, effectiveMirrors(plan, to), family);
    return {
      family,
      layout: to.minor >= 24 ? 'pkgs' : 'legacy',
      url: after?.url,
      changes: before?.url !== after?.url || before?.suite !== after?.suite,
    };
  });
}

export function cniChange(
  plan: ClusterPlan,
  from: ResolvedVersion,
  to: ResolvedVersion,
): { plugin: string; before?: string; after?: string } {
  const plugin = plan.cni.plugin;
  return {
    plugin,
    before: cniRelease(plugin, from.minor)?.version,
    after: cniRelease(plugin, to.minor)?.version,
  };
}
