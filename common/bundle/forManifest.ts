import type { ClusterPlan } from '../model/plan';
import type { BundleManifest } from './manifest';
import { machineRelease } from './machines';
import type { BundleMachine } from './schema';

/** The plan as the manifest records it: what push will compare a cluster against. */
export function manifestPlan(plan: ClusterPlan): BundleManifest['plan'] {
  return {
    clusterName: plan.clusterName,
    kubernetesVersion: plan.kubernetesVersion,
    runtime: plan.runtime,
    cni: plan.cni.plugin,
    mirrorProfile: plan.mirrorProfile,
  };
}

/**
 * The OS releases the bundle holds packages for, once each (`deb amd64 ubuntu-jammy`,
 * `rpm x86_64 el9`); machines whose release is unknown are left to bundleNeeds' field errors.
 */
export function manifestMachines(machines: readonly BundleMachine[]): BundleManifest['machines'] {
  const out: BundleManifest['machines'] = [];
  for (const [i, m] of machines.entries()) {
    const r = machineRelease(m, i);
    if (!r.ok) continue;
    const release =
      r.release.family === 'rpm'
        ? `el${r.release.release}`
        : `${r.release.dockerOs}-${r.release.release}`;
    if (
      !out.some(
        (o) => o.family === r.release.family && o.arch === r.release.arch && o.release === release,
      )
    ) {
      out.push({ family: r.release.family, arch: r.release.arch, release });
    }
  }
  return out;
}
