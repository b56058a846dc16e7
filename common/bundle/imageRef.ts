/**
 * An image reference split the way a registry v2 client needs it: which registry host, which
 * repository, which tag or digest. The rules are Docker's reference normalisation
 * (github.com/distribution/reference, normalize.go at v0.6.0): a first path component without a
 * `.` or `:` (and not `localhost`) is not a host, so the image is on Docker Hub, whose API host is
 * `registry-1.docker.io` and whose one-component names live under `library/`; no tag means
 * `latest`.
 */
export interface ImageRef {
  /** Host and optional port, as the API is reached (`registry.k8s.io`, `172.31.220.50:5000`). */
  registry: string;
  /** The repository name in `/v2/<name>/…` (`pause`, `library/busybox`, `flannel-io/flannel`). */
  repository: string;
  /** A tag (`3.9`) or a digest (`sha256:…`). */
  reference: string;
}

export const DOCKER_HUB_API = 'registry-1.docker.io';

const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export function parseImageRef(image: string): ImageRef {
  const trimmed = image.trim();
  if (!trimmed || /\s/.test(trimmed)) throw new Error(`"${image}" is not an image reference`);
  let rest = trimmed;
  let reference = 'latest';
  const at = rest.indexOf('@');
  if (at >= 0) {
    reference = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(reference)) throw new Error(`"${image}": "${reference}" is not a digest`);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const hasHost =
    slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = hasHost ? first : 'docker.io';
  let path = hasHost ? rest.slice(slash + 1) : rest;
  // A tag is after the last `:` of the path (a host's port `:5000` is already cut off).
  const colon = path.lastIndexOf(':');
  if (colon >= 0) {
    if (at < 0) reference = path.slice(colon + 1);
    path = path.slice(0, colon);
  }
  if (!path || !/^[a-z0-9]+(?:[._/-]+[a-z0-9]+)*$/.test(path)) {
    throw new Error(`"${image}": "${path}" is not a repository name`);
  }
  if (registry === 'docker.io' || registry === 'index.docker.io') {
    registry = DOCKER_HUB_API;
    if (!path.includes('/')) path = `library/${path}`;
  }
  return { registry, repository: path, reference };
}

/**
 * `uname -m` / the package family's arch → the OCI platform architecture (image-spec's
 * config.md: GOARCH values).
 */
export function ociArch(arch: string): string {
  const map: Record<string, string> = {
    x86_64: 'amd64',
    amd64: 'amd64',
    aarch64: 'arm64',
    arm64: 'arm64',
    ppc64le: 'ppc64le',
    ppc64el: 'ppc64le',
    s390x: 's390x',
  };
  return map[arch] ?? arch;
}

/** The archive's path inside the bundle: `images/<arch>/<registry>/<repository>_<tag>.oci.tar`. */
export function imageArchivePath(image: string, arch: string): string {
  const ref = parseImageRef(image);
  const host = ref.registry === DOCKER_HUB_API ? 'docker.io' : ref.registry.replace(/:/g, '_');
  const tag = ref.reference.replace(/:/g, '-');
  return `images/${ociArch(arch)}/${host}/${ref.repository}_${tag}.oci.tar`;
}
