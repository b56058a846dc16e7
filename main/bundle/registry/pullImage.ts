import { createHash } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ociArch, parseImageRef } from '../../../common/bundle/imageRef';
import { ChecksumMismatch, download } from '../download';
import { RegistryRepo, type RegistryOptions } from './client';

/**
 * Pulls one image for one architecture into a local blob store (`<blobs>/sha256/<hex>`, the
 * OCI image layout's own blob naming, shared by every image so common layers are fetched once):
 * the manifest (an index or Docker manifest list is narrowed to linux/<arch>), its config and its
 * layers. Every blob is verified against its digest (distribution spec: "the client SHOULD verify
 * the returned content matches the digest"); layers download with download.ts, so an interrupted
 * pull resumes with Range requests where it stopped.
 */

/** Media types of image-spec v1.1.0 (media-types.md) and Docker's manifest v2 schema 2. */
export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

const ACCEPT = [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest].join(
  ', ',
);

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

export interface PulledImage {
  /** The image manifest chosen (for the architecture), as stored in the blob store. */
  manifest: Descriptor;
  config: Descriptor;
  layers: Descriptor[];
}

export interface PullProgress {
  bytes: number;
  total: number;
  url: string;
}

export interface PullOptions extends RegistryOptions {
  /** `uname -m` or the OCI name (`amd64`, `arm64`). */
  arch: string;
  /** The blob store folder. */
  blobs: string;
  onProgress?: (p: PullProgress) => void;
}

export class DigestMismatch extends Error {
  constructor(
    readonly what: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`${what}: content is ${actual}, expected ${expected}`);
    this.name = 'DigestMismatch';
  }
}

interface ManifestJson {
  mediaType?: string;
  manifests?: (Descriptor & { platform?: { os?: string; architecture?: string } })[];
  config?: Descriptor;
  layers?: Descriptor[];
}

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function blobPath(blobs: string, digest: string): string {
  const [alg, hex] = digest.split(':');
  if (alg !== 'sha256' || !hex || !/^[0-9a-f]{64}$/.test(hex)) {
    throw new Error(`unsupported digest ${digest} (only sha256)`);
  }
  return join(blobs, 'sha256', hex);
}

async function getManifest(
  repo: RegistryRepo,
  reference: string,
): Promise<{ body: Buffer; mediaType: string; digest: string }> {
  const res = await repo.get(`/manifests/${reference}`, { accept: ACCEPT });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`${repo.base}/manifests/${reference}: HTTP ${res.status}`);
  }
  const body = Buffer.from(await res.arrayBuffer());
  const digest = sha256(body);
  if (reference.includes(':') && reference !== digest) {
    throw new DigestMismatch(`manifest ${reference}`, reference, digest);
  }
  const parsed = JSON.parse(body.toString('utf8')) as ManifestJson;
  const mediaType =
    parsed.mediaType ?? res.headers.get('content-type')?.split(';')[0] ?? MEDIA.ociManifest;
  return { body, mediaType, digest };
}

async function haveBlob(path: string, size: number): Promise<boolean> {
  try {
    return (await stat(path)).size === size;
  } catch {
    return false;
  }
}

interface ResolvedImage {
  repo: RegistryRepo;
  top: { body: Buffer; mediaType: string; digest: string };
  config: Descriptor;
  layers: Descriptor[];
}

/** The image manifest for linux/<arch> (an index narrowed), its config and layers; no blobs. */
async function resolveImage(
  image: string,
  opts: RegistryOptions & { arch: string },
): Promise<ResolvedImage> {
  const ref = parseImageRef(image);
  const repo = new RegistryRepo(ref, opts);
  const arch = ociArch(opts.arch);
  let top = await getManifest(repo, ref.reference);
  const topJson = JSON.parse(top.body.toString('utf8')) as ManifestJson;
  if (top.mediaType === MEDIA.ociIndex || top.mediaType === MEDIA.dockerList) {
    const match = (topJson.manifests ?? []).find(
      (m) => (m.platform?.os ?? 'linux') === 'linux' && m.platform?.architecture === arch,
    );
    if (!match) throw new Error(`${image}: the registry's index has no linux/${arch} image`);
    top = await getManifest(repo, match.digest);
  }
  const manifest = JSON.parse(top.body.toString('utf8')) as ManifestJson;
  if (!manifest.config || !manifest.layers) {
    throw new Error(`${image}: ${top.mediaType} is not an image manifest`);
  }
  return { repo, top, config: manifest.config, layers: manifest.layers };
}

/** The bytes a pull of this image for this arch downloads (manifest, config, layers). */
export async function imageBytes(
  image: string,
  opts: RegistryOptions & { arch: string },
): Promise<number> {
  const r = await resolveImage(image, opts);
  return [r.config, ...r.layers].reduce((sum, b) => sum + b.size, r.top.body.length);
}

export async function pullImage(image: string, opts: PullOptions): Promise<PulledImage> {
  const { repo, top, ...manifest } = await resolveImage(image, opts);
  await mkdir(join(opts.blobs, 'sha256'), { recursive: true });
  await writeFile(blobPath(opts.blobs, top.digest), top.body);
  const blobs = [manifest.config, ...manifest.layers];
  const total = blobs.reduce((sum, b) => sum + b.size, top.body.length);
  let done = top.body.length;
  for (const blob of blobs) {
    const dest = blobPath(opts.blobs, blob.digest);
    const url = repo.blobUrl(blob.digest);
    // A blob already whole in the store was verified when it was stored (renamed only then).
    if (!(await haveBlob(dest, blob.size))) {
      const before = done;
      try {
        await download(url, dest, {
          sha256: blob.digest.slice('sha256:'.length),
          headers: repo.authHeaders(),
          ...(opts.signal ? { signal: opts.signal } : {}),
          onProgress: (p) => opts.onProgress?.({ bytes: before + p.bytes, total, url }),
        });
      } catch (err) {
        if (err instanceof ChecksumMismatch) {
          throw new DigestMismatch(url, blob.digest, `sha256:${err.actual}`);
        }
        throw err;
      }
    }
    done += blob.size;
    opts.onProgress?.({ bytes: done, total, url });
  }
  return {
    manifest: { mediaType: top.mediaType, digest: top.digest, size: top.body.length },
    config: manifest.config,
    layers: manifest.layers,
  };
}
