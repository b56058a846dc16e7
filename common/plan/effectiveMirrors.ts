import { defaultImageRepository, type ResolvedVersion } from '../catalog/images';
import { mirrorProfile, type CniRegistry, type MirrorProfile } from '../catalog/mirrors';
import type { ClusterPlan } from '../model/plan';

/**
 * The mirror profile with the plan's overrides applied: the one place that decides which URL a
 * step uses, so the steps, the preview and preflight's reachability checks agree.
 */
export interface EffectiveMirrors extends MirrorProfile {
  /** The image repository kubeadm is given (never undefined here: the default is spelled out). */
  effectiveImageRepository: string;
  /** True when the plan or profile sets a repository (so kubeadm gets --image-repository). */
  customImageRepository: boolean;
}

export function effectiveMirrors(plan: ClusterPlan, version: ResolvedVersion): EffectiveMirrors {
  const base = mirrorProfile(plan.mirrorProfile);
  const o = plan.mirrors;
  const chosenRepo = plan.imageRepository ?? base.imageRepository;
  const registries: Record<CniRegistry, string> = { ...base.registries };
  for (const [key, value] of Object.entries(o.registries ?? {})) {
    if (value) registries[key as CniRegistry] = value;
  }
  const legacyApt = o.kubernetesLegacyApt ?? base.kubernetesLegacy?.apt;
  const legacyYum = o.kubernetesLegacyYum ?? base.kubernetesLegacy?.yum;
  return {
    ...base,
    osPackages: o.osPackages
      ? { ubuntu: o.osPackages, debian: o.osPackages, rocky: o.osPackages, centos: o.osPackages }
      : base.osPackages,
    dockerCe: o.dockerCe ?? base.dockerCe,
    criDockerdReleases: o.criDockerdReleases ?? base.criDockerdReleases,
    kubernetesNew: o.kubernetesPackages ?? base.kubernetesNew,
    kubernetesLegacy:
      legacyApt || legacyYum ? { apt: legacyApt ?? '', yum: legacyYum ?? '' } : undefined,
    imageRepository: chosenRepo,
    registries,
    dockerRegistryMirrors: o.dockerRegistryMirrors ?? base.dockerRegistryMirrors,
    effectiveImageRepository: chosenRepo ?? defaultImageRepository(version),
    customImageRepository: chosenRepo !== undefined,
  };
}
