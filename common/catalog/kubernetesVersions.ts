/**
 * The Kubernetes minors kubelab installs, as data (design §3). One entry per minor from the
 * guide's 1.18 to 1.34, the newest stable this catalog has verified image lists for.
 *
 * Where the numbers come from:
 * - kubeadm computes the image list in cmd/kubeadm/app/images/images.go (GetControlPlaneImages)
 *   from constants in cmd/kubeadm/app/constants/constants.go: PauseVersion, CoreDNSVersion and the
 *   SupportedEtcdVersion map keyed by minor. Those constants change in patch releases (etcd was
 *   backported several times), so the etcd tag is pinned per patch range below.
 * - 1.18.2: the seed guide's own `kubeadm config images list --kubernetes-version v1.18.2` output.
 * - 1.19.0 … 1.30.2: published per-patch `kubeadm config images list` tables (hub-mirrors README,
 *   "Kubernetes 默认的组件镜像名称", one list per patch release), cross-checked for 1.19.0 against
 *   independent `kubeadm config images list` transcripts and for 1.26.0 against
 *   https://learnk8s.io (ITNEXT, "Customize the kubeadm image repository").
 * - 1.31.0: a `kubeadm config images pull` transcript (v1.31.0, coredns v1.11.1, pause 3.10,
 *   etcd 3.5.15-0). 1.32.0: image lists pinned in several repositories (coredns v1.11.3, pause
 *   3.10, etcd 3.5.16-0; constants.go on release-1.32 has DefaultEtcdVersion "3.5.16-0", and later
 *   1.32 patches moved the etcd map to 3.5.24-0 — not pinned here, see `lastVerifiedPatch`).
 *   1.33.0: `kubeadm config images list` transcript (coredns v1.12.0, pause 3.10, etcd 3.5.21-0).
 *   1.34.0: `kubeadm config images list --kubernetes-version v1.34.0` transcript (coredns v1.12.1,
 *   pause 3.10.1, etcd 3.6.4-0).
 * - Output order: pause, etcd, coredns up to 1.28; from 1.29 kubeadm appends CoreDNS before pause
 *   and etcd (kubernetes/kubernetes#114534, "kubeadm: Support skipping addons image pull").
 * - Default registry: k8s.gcr.io until the registry.k8s.io switch, which kubeadm made the default
 *   in 1.25.0 and backported to 1.22.17, 1.23.15 and 1.24.9 (the per-patch lists above show the
 *   switch at exactly those patches).
 * - CoreDNS sub-path: from 1.21 kubeadm pulls `<default repo>/coredns/coredns` but only when the
 *   repository is the default one; any other repository gets `<repo>/coredns` (GetDNSImage).
 * - Runtimes: dockershim was removed in 1.24 (KEP-2221), so Docker Engine needs cri-dockerd there.
 * - kubeadm config API: v1beta2 from 1.15, v1beta3 from 1.22 (v1beta2 removed in 1.26 by
 *   kubernetes/kubernetes#114540), v1beta4 from 1.31 (kubernetes.io/docs/reference/config-api/
 *   kubeadm-config.v1beta4).
 * - Self-hosting: the `SelfHosting` feature gate the guide mentions was deprecated in 1.12 and
 *   removed in 1.13 (kubernetes/kubernetes#69878, kubeadm#1093); `kubeadm alpha selfhosting pivot`
 *   replaced it, was deprecated in 1.20 (kubernetes/kubernetes#95125) and removed in 1.21
 *   (kubernetes/kubernetes#97627, kubeadm#2299).
 */

export const RUNTIMES = ['docker', 'containerd', 'cri-dockerd'] as const;
export type RuntimeId = (typeof RUNTIMES)[number];

export type KubeadmApiVersion = 'v1beta2' | 'v1beta3' | 'v1beta4';

/** How the control plane can run: kubeadm's static Pods, or self-hosted via a pivot after init. */
export type SelfHostingSupport = 'pivot' | 'removed';

/** An etcd tag kubeadm picks for this minor from `fromPatch` on (until the next pin). */
export interface EtcdPin {
  fromPatch: number;
  etcd: string;
}

export interface KubernetesMinor {
  /** Minor number: 18 for 1.18. */
  minor: number;
  /** The patch kubelab installs when the user picks only the minor. */
  defaultPatch: number;
  /** Highest patch whose `kubeadm config images list` this catalog checked; later ones are inferred. */
  lastVerifiedPatch: number;
  /** Tag of the pause image kubeadm lists (and the sandbox image the runtime should use). */
  pause: string;
  /** CoreDNS tag exactly as kubeadm writes it (`1.7.0` before 1.21, `v1.8.0` after). */
  coredns: string;
  /** True from 1.21: the default repository serves CoreDNS at `coredns/coredns`. */
  corednsSubpath: boolean;
  /** Ascending by fromPatch; the first one has fromPatch 0 or the first verified patch. */
  etcd: readonly EtcdPin[];
  /** First patch whose default repository is registry.k8s.io; undefined: always k8s.gcr.io. */
  registryK8sIoFromPatch?: number;
  /** True from 1.29: CoreDNS is listed before pause and etcd. */
  corednsFirst: boolean;
  kubeadmApi: KubeadmApiVersion;
  runtimes: readonly RuntimeId[];
  selfHosting: SelfHostingSupport;
}

const legacyDocker: readonly RuntimeId[] = ['docker', 'containerd'];
const afterDockershim: readonly RuntimeId[] = ['containerd', 'cri-dockerd'];

/** Shared shape of the minors after the registry switch, to keep the table readable. */
function modern(
  minor: number,
  defaultPatch: number,
  pause: string,
  coredns: string,
  etcd: readonly EtcdPin[],
  kubeadmApi: KubeadmApiVersion,
): KubernetesMinor {
  return {
    minor,
    defaultPatch,
    lastVerifiedPatch: defaultPatch,
    pause,
    coredns,
    corednsSubpath: true,
    etcd,
    registryK8sIoFromPatch: 0,
    corednsFirst: minor >= 29,
    kubeadmApi,
    runtimes: afterDockershim,
    selfHosting: 'removed',
  };
}

export const KUBERNETES_MINORS: readonly KubernetesMinor[] = [
  {
    minor: 18,
    defaultPatch: 2,
    lastVerifiedPatch: 2,
    pause: '3.2',
    coredns: '1.6.7',
    corednsSubpath: false,
    etcd: [{ fromPatch: 0, etcd: '3.4.3-0' }],
    corednsFirst: false,
    kubeadmApi: 'v1beta2',
    runtimes: legacyDocker,
    selfHosting: 'pivot',
  },
  {
    minor: 19,
    defaultPatch: 16,
    lastVerifiedPatch: 16,
    pause: '3.2',
    coredns: '1.7.0',
    corednsSubpath: false,
    etcd: [
      { fromPatch: 0, etcd: '3.4.9-1' },
      { fromPatch: 1, etcd: '3.4.13-0' },
    ],
    corednsFirst: false,
    kubeadmApi: 'v1beta2',
    runtimes: legacyDocker,
    selfHosting: 'pivot',
  },
  {
    minor: 20,
    defaultPatch: 15,
    lastVerifiedPatch: 15,
    pause: '3.2',
    coredns: '1.7.0',
    corednsSubpath: false,
    etcd: [{ fromPatch: 0, etcd: '3.4.13-0' }],
    corednsFirst: false,
    kubeadmApi: 'v1beta2',
    runtimes: legacyDocker,
    selfHosting: 'pivot',
  },
  {
    minor: 21,
    defaultPatch: 14,
    lastVerifiedPatch: 14,
    pause: '3.4.1',
    coredns: 'v1.8.0',
    corednsSubpath: true,
    etcd: [{ fromPatch: 0, etcd: '3.4.13-0' }],
    corednsFirst: false,
    kubeadmApi: 'v1beta2',
    runtimes: legacyDocker,
    selfHosting: 'removed',
  },
  {
    minor: 22,
    defaultPatch: 17,
    lastVerifiedPatch: 17,
    pause: '3.5',
    coredns: 'v1.8.4',
    corednsSubpath: true,
    etcd: [
      { fromPatch: 0, etcd: '3.5.0-0' },
      { fromPatch: 17, etcd: '3.5.6-0' },
    ],
    registryK8sIoFromPatch: 17,
    corednsFirst: false,
    kubeadmApi: 'v1beta3',
    runtimes: legacyDocker,
    selfHosting: 'removed',
  },
  {
    minor: 23,
    defaultPatch: 17,
    lastVerifiedPatch: 17,
    pause: '3.6',
    coredns: 'v1.8.6',
    corednsSubpath: true,
    etcd: [
      { fromPatch: 0, etcd: '3.5.1-0' },
      { fromPatch: 14, etcd: '3.5.5-0' },
      { fromPatch: 15, etcd: '3.5.6-0' },
    ],
    registryK8sIoFromPatch: 15,
    corednsFirst: false,
    kubeadmApi: 'v1beta3',
    runtimes: legacyDocker,
    selfHosting: 'removed',
  },
  {
    minor: 24,
    defaultPatch: 17,
    lastVerifiedPatch: 17,
    pause: '3.7',
    coredns: 'v1.8.6',
    corednsSubpath: true,
    etcd: [
      { fromPatch: 0, etcd: '3.5.3-0' },
      { fromPatch: 8, etcd: '3.5.5-0' },
      { fromPatch: 9, etcd: '3.5.6-0' },
    ],
    registryK8sIoFromPatch: 9,
    corednsFirst: false,
    kubeadmApi: 'v1beta3',
    runtimes: afterDockershim,
    selfHosting: 'removed',
  },
  modern(
    25,
    16,
    '3.8',
    'v1.9.3',
    [
      { fromPatch: 0, etcd: '3.5.4-0' },
      { fromPatch: 4, etcd: '3.5.5-0' },
      { fromPatch: 5, etcd: '3.5.6-0' },
      { fromPatch: 15, etcd: '3.5.9-0' },
    ],
    'v1beta3',
  ),
  modern(
    26,
    15,
    '3.9',
    'v1.9.3',
    [
      { fromPatch: 0, etcd: '3.5.6-0' },
      { fromPatch: 10, etcd: '3.5.9-0' },
      { fromPatch: 13, etcd: '3.5.10-0' },
    ],
    'v1beta3',
  ),
  modern(
    27,
    15,
    '3.9',
    'v1.10.1',
    [
      { fromPatch: 0, etcd: '3.5.7-0' },
      { fromPatch: 7, etcd: '3.5.9-0' },
      { fromPatch: 10, etcd: '3.5.10-0' },
      { fromPatch: 12, etcd: '3.5.12-0' },
    ],
    'v1beta3',
  ),
  modern(
    28,
    11,
    '3.9',
    'v1.10.1',
    [
      { fromPatch: 0, etcd: '3.5.9-0' },
      { fromPatch: 6, etcd: '3.5.10-0' },
      { fromPatch: 8, etcd: '3.5.12-0' },
    ],
    'v1beta3',
  ),
  modern(
    29,
    6,
    '3.9',
    'v1.11.1',
    [
      { fromPatch: 0, etcd: '3.5.10-0' },
      { fromPatch: 3, etcd: '3.5.12-0' },
    ],
    'v1beta3',
  ),
  modern(30, 2, '3.9', 'v1.11.1', [{ fromPatch: 0, etcd: '3.5.12-0' }], 'v1beta3'),
  modern(31, 0, '3.10', 'v1.11.1', [{ fromPatch: 0, etcd: '3.5.15-0' }], 'v1beta4'),
  modern(32, 0, '3.10', 'v1.11.3', [{ fromPatch: 0, etcd: '3.5.16-0' }], 'v1beta4'),
  modern(33, 0, '3.10', 'v1.12.0', [{ fromPatch: 0, etcd: '3.5.21-0' }], 'v1beta4'),
  modern(34, 0, '3.10.1', 'v1.12.1', [{ fromPatch: 0, etcd: '3.6.4-0' }], 'v1beta4'),
];

export const OLDEST_MINOR = 18;
export const NEWEST_MINOR = 34;

/** The catalog entry for a minor, or undefined when kubelab does not offer it. */
export function kubernetesMinor(minor: number): KubernetesMinor | undefined {
  return KUBERNETES_MINORS.find((m) => m.minor === minor);
}

/** The default full version of a minor, e.g. `1.18.2`. */
export function defaultVersion(entry: KubernetesMinor): string {
  return `1.${entry.minor}.${entry.defaultPatch}`;
}

/** The newest default version in the catalog (what `modernPlan()` installs). */
export function newestVersion(): string {
  const newest = kubernetesMinor(NEWEST_MINOR);
  if (!newest) throw new Error('catalog has no newest minor');
  return defaultVersion(newest);
}
