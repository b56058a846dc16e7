import { gzipSync } from 'node:zlib';
import { cniRelease, type CniRelease } from '../../common/catalog/cni';
import { mirrorImage } from '../../common/catalog/mirrors';
import { AppError } from '../../common/model/appError';
import type { ClusterPlan } from '../../common/model/plan';
import { planFacts } from './plan';

/** The CNI release for the plan, or an error naming the field to change. */
export function releaseFor(plan: ClusterPlan): CniRelease {
  const { version } = planFacts(plan);
  const release = cniRelease(plan.cni.plugin, version.entry.minor);
  if (!release) {
    throw new AppError({
      code: 'invalid_plan',
      field: 'plan.cni.plugin',
      message: `no ${plan.cni.plugin} release in the catalog for Kubernetes 1.${version.minor}`,
    });
  }
  return release;
}

export function manifestUrl(plan: ClusterPlan): string {
  return plan.cni.manifestUrl ?? releaseFor(plan).manifestUrl;
}

/** `from to` lines: each image of the release and its mirror under the plan's profile. */
export function imageMap(plan: ClusterPlan): string {
  const { mirrors } = planFacts(plan);
  return releaseFor(plan)
    .images.map((img) => [img, mirrorImage(img, mirrors.registries)])
    .filter(([from, to]) => from !== to)
    .map(([from, to]) => `${from} ${to}`)
    .join('\n');
}

/** The DaemonSet whose existence says the CNI is installed. */
export function cniDaemonSet(plan: ClusterPlan): { namespace: string; name: string } {
  const release = releaseFor(plan);
  return {
    namespace: release.namespace,
    name: plan.cni.plugin === 'flannel' ? 'kube-flannel-ds' : 'calico-node',
  };
}

const cache = new Map<string, string>();

/**
 * The manifest fetched on this (the admin's) machine, gzip+base64 for the node's environment
 * (calico's manifest is larger than one environment string may be; compressed it fits). Undefined
 * when this machine cannot fetch it: the node then tries itself.
 */
export async function fetchManifestForNode(
  url: string,
  signal: AbortSignal,
  timeoutMs = 20_000,
): Promise<string | undefined> {
  const known = cache.get(url);
  if (known) return known;
  try {
    const res = await fetch(url, {
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    if (!res.ok) return undefined;
    const packed = gzipSync(Buffer.from(await res.arrayBuffer())).toString('base64');
    cache.set(url, packed);
    return packed;
  } catch {
    return undefined;
  }
}
