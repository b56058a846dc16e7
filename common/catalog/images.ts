import {
  defaultVersion,
  kubernetesMinor,
  KUBERNETES_MINORS,
  type KubernetesMinor,
} from './kubernetesVersions';

/**
 * The images a Kubernetes version needs, computed the way kubeadm's GetControlPlaneImages does
 * (cmd/kubeadm/app/images/images.go), so `kubelab images` prints what
 * `kubeadm config images list --kubernetes-version vX.Y.Z [--image-repository R]` prints.
 */

export const K8S_GCR_IO = 'k8s.gcr.io';
export const REGISTRY_K8S_IO = 'registry.k8s.io';

/** A version the catalog knows: `1.18.2`, `v1.18.2`, or just a minor (`1.18` → its default). */
export interface ResolvedVersion {
  /** `1.18.2`, without the `v`. */
  version: string;
  minor: number;
  patch: number;
  entry: KubernetesMinor;
  /** False when the patch is past the last one whose image list was checked (inferred). */
  verified: boolean;
}

const VERSION_RE = /^v?1\.(\d{1,2})(?:\.(\d{1,3}))?$/;

/** Parses a version string against the catalog; undefined when unknown or malformed. */
export function resolveVersion(input: string): ResolvedVersion | undefined {
  const match = VERSION_RE.exec(input.trim());
  if (!match) return undefined;
  const minor = Number(match[1]);
  const entry = kubernetesMinor(minor);
  if (!entry) return undefined;
  const patch = match[2] === undefined ? entry.defaultPatch : Number(match[2]);
  return {
    version: `1.${minor}.${patch}`,
    minor,
    patch,
    entry,
    verified: isVerified(entry, patch),
  };
}

/** 1.18 was checked only at the guide's patch; the other minors at every patch up to the last. */
function isVerified(entry: KubernetesMinor, patch: number): boolean {
  if (entry.minor === 18) return patch === entry.defaultPatch;
  return patch <= entry.lastVerifiedPatch;
}

/** The repository kubeadm uses when none is given, for this exact patch. */
export function defaultImageRepository(v: ResolvedVersion): string {
  const from = v.entry.registryK8sIoFromPatch;
  return from !== undefined && v.patch >= from ? REGISTRY_K8S_IO : K8S_GCR_IO;
}

/** kubeadm's etcd tag for this patch (the last pin at or below it). */
export function etcdTag(v: ResolvedVersion): string {
  let tag = v.entry.etcd[0]?.etcd ?? '';
  for (const pin of v.entry.etcd) if (v.patch >= pin.fromPatch) tag = pin.etcd;
  return tag;
}

export interface ImageSet {
  apiServer: string;
  controllerManager: string;
  scheduler: string;
  proxy: string;
  pause: string;
  etcd: string;
  coredns: string;
}

/** Every image by role, for `repository` (default: kubeadm's default for the version). */
export function imageSet(v: ResolvedVersion, repository?: string): ImageSet {
  const defaultRepo = defaultImageRepository(v);
  const repo = stripSlash(repository ?? defaultRepo);
  const tag = `v${v.version}`;
  // kubeadm adds the coredns/ sub-path only when the repository is exactly its default one.
  const dnsRepo = v.entry.corednsSubpath && repo === defaultRepo ? `${repo}/coredns` : repo;
  return {
    apiServer: `${repo}/kube-apiserver:${tag}`,
    controllerManager: `${repo}/kube-controller-manager:${tag}`,
    scheduler: `${repo}/kube-scheduler:${tag}`,
    proxy: `${repo}/kube-proxy:${tag}`,
    pause: `${repo}/pause:${v.entry.pause}`,
    etcd: `${repo}/etcd:${etcdTag(v)}`,
    coredns: `${dnsRepo}/coredns:${v.entry.coredns}`,
  };
}

/** The list in kubeadm's order (which changed in 1.29: CoreDNS moved before pause and etcd). */
export function kubeadmImages(v: ResolvedVersion, repository?: string): string[] {
  const s = imageSet(v, repository);
  const head = [s.apiServer, s.controllerManager, s.scheduler, s.proxy];
  return v.entry.corednsFirst
    ? [...head, s.coredns, s.pause, s.etcd]
    : [...head, s.pause, s.etcd, s.coredns];
}

/** The sandbox (pause) image the container runtime should use: the same one kubeadm lists. */
export function sandboxImage(v: ResolvedVersion, repository?: string): string {
  return imageSet(v, repository).pause;
}

/** Every version string the catalog offers by default, newest last. */
export function catalogDefaultVersions(): string[] {
  return KUBERNETES_MINORS.map(defaultVersion);
}

function stripSlash(repo: string): string {
  return repo.replace(/\/+$/, '');
}
