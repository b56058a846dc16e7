import { newestRelease } from './releases';

/**
 * The Kubernetes minors kubelab installs, as data (design §3): 1.18 (the seed guide's) to 1.37.
 * What kubeadm pulls per patch (repository, pause, etcd, CoreDNS, list order) is not here: it is
 * generated per patch from upstream sources into ./data/kubeadm-releases.json (./releases.ts).
 *
 * Where the numbers here come from:
 * - Runtimes: dockershim was removed in 1.24 (KEP-2221), so Docker Engine needs cri-dockerd there.
 * - kubeadm config API: v1beta2 from 1.15, v1beta3 from 1.22 (v1beta2 removed in 1.26 by
 *   kubernetes/kubernetes#114540), v1beta4 from 1.31 (kubernetes.io/docs/reference/config-api/
 *   kubeadm-config.v1beta4); the generator checks each patch against the same table.
 * - Self-hosting: the `SelfHosting` feature gate the guide mentions was deprecated in 1.12 and
 *   removed in 1.13 (kubernetes/kubernetes#69878, kubeadm#1093); `kubeadm alpha selfhosting pivot`
 *   replaced it, was deprecated in 1.20 (kubernetes/kubernetes#95125) and removed in 1.21
 *   (kubernetes/kubernetes#97627, kubeadm#2299).
 * - Default patch: the guide's 1.18.2; otherwise a patch whose whole image list a source shows
 *   (scripts/catalog/sources/), so the default install is never an inferred one.
 */

export const RUNTIMES = ['docker', 'containerd', 'cri-dockerd'] as const;
export type RuntimeId = (typeof RUNTIMES)[number];

export type KubeadmApiVersion = 'v1beta2' | 'v1beta3' | 'v1beta4';

/** How the control plane can run: kubeadm's static Pods, or self-hosted via a pivot after init. */
export type SelfHostingSupport = 'pivot' | 'removed';

export interface KubernetesMinor {
  /** Minor number: 18 for 1.18. */
  minor: number;
  /** The patch kubelab installs when the user picks only the minor. */
  defaultPatch: number;
  kubeadmApi: KubeadmApiVersion;
  runtimes: readonly RuntimeId[];
  selfHosting: SelfHostingSupport;
}

const legacyDocker: readonly RuntimeId[] = ['docker', 'containerd'];
const afterDockershim: readonly RuntimeId[] = ['containerd', 'cri-dockerd'];

function minor(
  n: number,
  defaultPatch: number,
  kubeadmApi: KubeadmApiVersion,
  runtimes: readonly RuntimeId[],
  selfHosting: SelfHostingSupport = 'removed',
): KubernetesMinor {
  return { minor: n, defaultPatch, kubeadmApi, runtimes, selfHosting };
}

export const KUBERNETES_MINORS: readonly KubernetesMinor[] = [
  minor(18, 2, 'v1beta2', legacyDocker, 'pivot'),
  minor(19, 16, 'v1beta2', legacyDocker, 'pivot'),
  minor(20, 15, 'v1beta2', legacyDocker, 'pivot'),
  minor(21, 14, 'v1beta2', legacyDocker),
  minor(22, 17, 'v1beta3', legacyDocker),
  minor(23, 17, 'v1beta3', legacyDocker),
  minor(24, 17, 'v1beta3', afterDockershim),
  minor(25, 16, 'v1beta3', afterDockershim),
  minor(26, 15, 'v1beta3', afterDockershim),
  minor(27, 15, 'v1beta3', afterDockershim),
  minor(28, 11, 'v1beta3', afterDockershim),
  minor(29, 6, 'v1beta3', afterDockershim),
  minor(30, 2, 'v1beta3', afterDockershim),
  minor(31, 0, 'v1beta4', afterDockershim),
  minor(32, 0, 'v1beta4', afterDockershim),
  minor(33, 0, 'v1beta4', afterDockershim),
  minor(34, 0, 'v1beta4', afterDockershim),
  minor(35, 0, 'v1beta4', afterDockershim),
  minor(36, 5, 'v1beta4', afterDockershim),
  minor(37, 1, 'v1beta4', afterDockershim),
];

export const OLDEST_MINOR = 18;
export const NEWEST_MINOR = 37;

/** The catalog entry for a minor, or undefined when kubelab does not offer it. */
export function kubernetesMinor(minor: number): KubernetesMinor | undefined {
  return KUBERNETES_MINORS.find((m) => m.minor === minor);
}

/** The default full version of a minor, e.g. `1.18.2`. */
export function defaultVersion(entry: KubernetesMinor): string {
  return `1.${entry.minor}.${entry.defaultPatch}`;
}

/**
 * The newest version in the catalog: the newest patch of the newest minor that the generated
 * release data holds (what `modernPlan()` installs). Taken from the data, not a literal, so a
 * `npm run catalog:update` that adds a patch moves the modern preset with it.
 */
export function newestVersion(): string {
  const newest = newestRelease(NEWEST_MINOR);
  if (!newest) throw new Error('catalog has no newest minor');
  return newest.version;
}
