/**
 * The CNI plugins kubelab installs, with a release suited to each Kubernetes range.
 *
 * flannel: net-conf.json's "Network" defaults to 10.244.0.0/16 and must equal the cluster's pod
 * CIDR (the guide applies the stock manifest with --pod-network-cidr=10.10.0.0/16, which is wrong;
 * failure mode #7). The VXLAN backend uses UDP 8472 between nodes.
 * - v0.14.0 for 1.18–1.21: the guide's coreos/flannel lineage (it applied master at v0.12),
 *   multi-arch image on quay.io; its manifest still carries a policy/v1beta1 PodSecurityPolicy,
 *   which exists up to Kubernetes 1.24.
 * - v0.26.7 for 1.22 and later: images on ghcr.io (`flannel-io/flannel:v0.26.7` with
 *   `flannel-cni-plugin:v1.6.2-flannel1`, as published image lists pair them); manifest from the
 *   release assets of github.com/flannel-io/flannel. flannel publishes no Kubernetes support
 *   matrix; its manifest uses only GA APIs (v1, apps/v1, rbac.authorization.k8s.io/v1) that no
 *   release through 1.37 removed, so it is offered up to 1.37 (a 1.35.0 image list pairs v0.28.0
 *   with 1.35; the lab mirrors v0.26.7, the release kubelab's tests install).
 *
 * calico: the pool comes from CALICO_IPV4POOL_CIDR (commented out in the stock manifest; it
 * must be set to the pod CIDR). Versions follow the "Kubernetes requirements" page of each Calico
 * release (docs.tigera.io/calico/<v>/getting-started/kubernetes/requirements); v3.29 is tested on
 * Kubernetes 1.29–1.32 (projectcalico discussion #11717); v3.33 is tested on 1.35–1.37 (Tigera's
 * requirements pages as summarised in kupre v0.5.0's release notes,
 * https://github.com/Rusty-Gopher/kupre/releases/tag/v0.5.0).
 */

export const CNI_PLUGINS = ['flannel', 'calico'] as const;
export type CniPlugin = (typeof CNI_PLUGINS)[number];

export interface CniRelease {
  plugin: CniPlugin;
  version: string;
  /** Inclusive Kubernetes minor range this release is offered for. */
  minMinor: number;
  maxMinor: number;
  manifestUrl: string;
  /** Every image the manifest references (as written in it, registry included). */
  images: string[];
  /** Namespace its pods run in (what wait-ready and reset look at). */
  namespace: string;
}

export const FLANNEL_DEFAULT_NETWORK = '10.244.0.0/16';
export const FLANNEL_VXLAN_PORT = 8472;
/** The calico.yaml env var that sets the IPv4 pool (must be the pod CIDR). */
export const CALICO_POOL_ENV = 'CALICO_IPV4POOL_CIDR';

function calico(version: string, minMinor: number, maxMinor: number, flexvol: boolean): CniRelease {
  const minor = version.split('.').slice(0, 2).join('.');
  const images = ['cni', 'node', 'kube-controllers'].map((n) => `docker.io/calico/${n}:${version}`);
  if (flexvol) images.splice(1, 0, `docker.io/calico/pod2daemon-flexvol:${version}`);
  return {
    plugin: 'calico',
    version,
    minMinor,
    maxMinor,
    manifestUrl:
      minMinor < 24
        ? `https://docs.projectcalico.org/archive/${minor}/manifests/calico.yaml`
        : `https://raw.githubusercontent.com/projectcalico/calico/${version}/manifests/calico.yaml`,
    images,
    namespace: 'kube-system',
  };
}

export const CNI_RELEASES: readonly CniRelease[] = [
  {
    plugin: 'flannel',
    version: 'v0.14.0',
    minMinor: 18,
    maxMinor: 21,
    manifestUrl:
      'https://raw.githubusercontent.com/flannel-io/flannel/v0.14.0/Documentation/kube-flannel.yml',
    images: ['quay.io/coreos/flannel:v0.14.0'],
    namespace: 'kube-system',
  },
  {
    plugin: 'flannel',
    version: 'v0.26.7',
    minMinor: 22,
    maxMinor: 37,
    manifestUrl: 'https://github.com/flannel-io/flannel/releases/download/v0.26.7/kube-flannel.yml',
    images: [
      'ghcr.io/flannel-io/flannel-cni-plugin:v1.6.2-flannel1',
      'ghcr.io/flannel-io/flannel:v0.26.7',
    ],
    namespace: 'kube-flannel',
  },
  calico('v3.18.6', 18, 20, true),
  calico('v3.22.5', 21, 23, true),
  calico('v3.26.4', 24, 28, false),
  calico('v3.29.4', 29, 32, false),
  calico('v3.30.2', 33, 34, false),
  calico('v3.33.0', 35, 37, false),
];

/** The release of `plugin` kubelab uses with Kubernetes 1.`minor`. */
export function cniRelease(plugin: CniPlugin, minor: number): CniRelease | undefined {
  return CNI_RELEASES.find(
    (r) => r.plugin === plugin && minor >= r.minMinor && minor <= r.maxMinor,
  );
}
