import {
  defaultVersion,
  kubernetesMinor,
  KUBERNETES_MINORS,
  NEWEST_MINOR,
  type KubernetesMinor,
} from './kubernetesVersions';
import { kubeadmRelease, newestRelease, type KubeadmRelease } from './releases';

/**
 * The images a Kubernetes version needs, computed the way kubeadm's GetControlPlaneImages does
 * (cmd/kubeadm/app/images/images.go), so `kubelab images` prints what
 * `kubeadm config images list --kubernetes-version vX.Y.Z [--image-repository R]` prints.
 */

/** A version the catalog knows: `1.18.2`, `v1.18.2`, or just a minor (`1.18` → its default). */
export interface ResolvedVersion {
  /** `1.18.2`, without the `v`. */
  version: string;
  minor: number;
  patch: number;
  entry: KubernetesMinor;
  /**
   * What kubeadm of this patch pulls (./releases.ts). For a patch newer than the catalog's newest
   * of the minor: that newest one's, and `inferred` says so.
   */
  release: KubeadmRelease;
  /** True when the patch is newer than every release of its minor the catalog has. */
  inferred: boolean;
  /** True when a published `kubeadm config images list` of this very patch backs the list. */
  verified: boolean;
  /**
   * True for a minor newer than the catalog (issue 16: allowed with a warning, not refused).
   * `entry` and `release` are then the catalog's newest minor's, assumed to carry over (config
   * API, runtimes, registry, pause); the image list is not known (kubeadmImages is empty) and
   * the install takes it from the node's kubeadm, the packages from the repository.
   */
  beyondCatalog: boolean;
}

/**
 * How many minors past the catalog a plan may name: Kubernetes ships about three minors a year
 * (kubernetes.io/releases/release, "Release cycle"), so this covers a catalog up to a year old;
 * a version further out is more likely a typo than a release the catalog missed.
 */
export const MINORS_BEYOND_CATALOG = 3;

const VERSION_RE = /^v?1\.(\d{1,2})(?:\.(\d{1,3}))?$/;

/** Parses a version string against the catalog; undefined when unknown or malformed. */
export function resolveVersion(input: string): ResolvedVersion | undefined {
  const match = VERSION_RE.exec(input.trim());
  if (!match) return undefined;
  const minor = Number(match[1]);
  const entry = kubernetesMinor(minor);
  if (!entry) return beyondCatalog(minor, match[2]);
  const patch = match[2] === undefined ? entry.defaultPatch : Number(match[2]);
  const exact = kubeadmRelease(minor, patch);
  const newest = newestRelease(minor);
  // A patch below the newest that the catalog lacks was never published: unknown, not inferred.
  const release = exact ?? (newest && patch > patchOf(newest) ? newest : undefined);
  if (!release) return undefined;
  return {
    version: `1.${minor}.${patch}`,
    minor,
    patch,
    entry,
    release,
    inferred: !exact,
    verified: exact?.verified ?? false,
    beyondCatalog: false,
  };
}

/** A full version (`1.38.0`) of a minor just past the catalog; a bare `1.38` has no default. */
function beyondCatalog(minor: number, patchText: string | undefined): ResolvedVersion | undefined {
  if (minor <= NEWEST_MINOR || minor > NEWEST_MINOR + MINORS_BEYOND_CATALOG) return undefined;
  if (patchText === undefined) return undefined;
  const entry = kubernetesMinor(NEWEST_MINOR);
  const release = newestRelease(NEWEST_MINOR);
  if (!entry || !release) return undefined;
  const patch = Number(patchText);
  return {
    version: `1.${minor}.${patch}`,
    minor,
    patch,
    entry,
    release,
    inferred: true,
    verified: false,
    beyondCatalog: true,
  };
}

function patchOf(r: KubeadmRelease): number {
  return Number(r.version.split('.')[2]);
}

/** The repository kubeadm uses when none is given, for this exact patch. */
export function defaultImageRepository(v: ResolvedVersion): string {
  return v.release.registry;
}

/** kubeadm's etcd tag for this patch. */
export function etcdTag(v: ResolvedVersion): string {
  return v.release.etcd;
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
  const dnsRepo = v.release.corednsSubpath && repo === defaultRepo ? `${repo}/coredns` : repo;
  return {
    apiServer: `${repo}/kube-apiserver:${tag}`,
    controllerManager: `${repo}/kube-controller-manager:${tag}`,
    scheduler: `${repo}/kube-scheduler:${tag}`,
    proxy: `${repo}/kube-proxy:${tag}`,
    pause: `${repo}/pause:${v.release.pause}`,
    etcd: `${repo}/etcd:${v.release.etcd}`,
    coredns: `${dnsRepo}/coredns:${v.release.coredns}`,
  };
}

/** The list in kubeadm's order (which changed in 1.29: CoreDNS moved before pause and etcd). */
export function kubeadmImages(v: ResolvedVersion, repository?: string): string[] {
  // Past the catalog no list is known: guessing tags would pre-pull what kubeadm does not use.
  if (v.beyondCatalog) return [];
  const s = imageSet(v, repository);
  const head = [s.apiServer, s.controllerManager, s.scheduler, s.proxy];
  return v.release.corednsFirst
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
