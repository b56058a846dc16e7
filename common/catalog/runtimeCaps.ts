/**
 * How new a container runtime may be for a Kubernetes version, so the container-runtime step
 * installs the newest version the repository offers within it (not whatever is newest).
 *
 * - Docker Engine: kubeadm's system validator accepted Docker up to 19.03 through 1.20
 *   (release-1.20 vendor/k8s.io/system-validators/validators/docker_validator.go) and 20.10 from
 *   1.21 (kubernetes/kubernetes#98977 "Update the latest validated version of Docker to 20.10",
 *   kubernetes/system-validators#23). Dockershim was removed in 1.24, so no later series applies.
 * - containerd: 2.0 removed CRI v1alpha2 and is first listed for Kubernetes 1.30 in containerd's
 *   Kubernetes support table (https://containerd.io/releases/#kubernetes-support; 1.29 lists
 *   1.7.11+ and 1.6.27+), so a plan before 1.30 stays on containerd 1.x.
 */
export interface RuntimeCap {
  /** Docker release series the install must take (`19.03`), or undefined: no Docker cap. */
  dockerSeries?: string;
  /** containerd version the install must stay below (`2.0`), or undefined: none. */
  containerdBelow?: string;
}

export const CONTAINERD_2_FROM_MINOR = 30;

export function runtimeCap(minor: number): RuntimeCap {
  const cap: RuntimeCap = {};
  if (minor <= 20) cap.dockerSeries = '19.03';
  else if (minor <= 23) cap.dockerSeries = '20.10';
  if (minor < CONTAINERD_2_FROM_MINOR) cap.containerdBelow = '2.0';
  return cap;
}
