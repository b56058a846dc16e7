import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BuildEvent } from '../../common/bundle/buildEvents';
import { imageArchivePath, ociArch } from '../../common/bundle/imageRef';
import {
  BUNDLE_FORMAT,
  contentBytes,
  type BundleEntry,
  type BundleManifest,
} from '../../common/bundle/manifest';
import type {
  ArtifactSource,
  BundleNeeds,
  FileArtifact,
  ImageArtifact,
  PackageArtifact,
} from '../../common/bundle/schema';
import { BLOCK } from './ustar';
import { assertFreeSpace, type FreeBytes } from './diskSpace';
import { fetchWithFallback, type SourceFailure } from './fetchWithFallback';
import { resolveDebPackages, type IndexReader } from './resolvePackages';
import { imageBytes } from './registry/pullImage';
import { blobStore, stageImage } from './stageImage';
import { writeBundle } from './writeBundle';

export type { BuildEvent };

export interface SkippedArtifact {
  id: string;
  reason: string;
}

export interface BuildInput {
  needs: BundleNeeds;
  plan: BundleManifest['plan'];
  machines: BundleManifest['machines'];
  out: string;
  /**
   * Where downloads are kept until the bundle is written; kept after an interruption, so the
   * next build reuses whole files and resumes partial ones.
   */
  staging: string;
  readIndex?: IndexReader;
  /** Registry hosts reached over plain HTTP (loopback ones always are). */
  plainHttp?: readonly string[];
  /** Free space of a folder's file system (tests); default statfs. */
  freeBytes?: FreeBytes;
  onEvent?: (e: BuildEvent) => void;
  signal?: AbortSignal;
  now?: () => Date;
}

export interface BuildResult {
  manifest: BundleManifest;
  skipped: SkippedArtifact[];
  /** The bundle file's size (tar headers and padding included). */
  fileBytes: number;
}

const INDEX_TIMEOUT_MS = 30_000;

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(INDEX_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

async function sha256Of(path: string): Promise<string | undefined> {
  try {
    await stat(path);
  } catch {
    return undefined;
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

interface Job {
  id: string;
  kind: BundleEntry['kind'];
  path: string;
  sources: ArtifactSource[];
  sha256?: string;
  size?: number;
  version?: string;
  forVersions: string[];
  /** An image job: the artifact and the architecture its archive is for. */
  image?: { artifact: ImageArtifact; arch: string };
}

function fileJob(a: FileArtifact): Job {
  return { id: a.id, kind: 'file', path: a.path, sources: a.sources, forVersions: a.forVersions };
}

/** The OCI architectures of the bundle's machines (one archive per image and architecture). */
function imageArches(machines: BuildInput['machines']): string[] {
  const arches = [...new Set(machines.map((m) => ociArch(m.arch)))];
  return arches.length > 0 ? arches : ['amd64'];
}

function imageJobs(images: readonly ImageArtifact[], arches: readonly string[]): Job[] {
  return images.flatMap((a) =>
    arches.map((arch) => ({
      id: arches.length > 1 ? `${a.id}@${arch}` : a.id,
      kind: 'image' as const,
      path: imageArchivePath(a.image, arch),
      sources: a.sources,
      version: a.image,
      forVersions: a.forVersions,
      image: { artifact: a, arch },
    })),
  );
}

/** What the tar adds around the content: a header and padding per entry, the manifest, the end. */
function tarOverhead(entries: number): number {
  return (entries + 1) * 2 * BLOCK + 64 * 1024 + 2 * BLOCK;
}

/**
 * Builds the bundle: resolves the packages from their repositories' indexes, downloads every
 * package and file (resumable, published sums checked, fallbacks tried), pulls every image for
 * each machine architecture into an OCI archive (registry v2, digests checked, fallbacks tried),
 * then writes one tar with the manifest first. A file already whole in the staging folder with
 * the expected digest is not downloaded again, nor is an image blob. Free space is checked before
 * the downloads (packages' published sizes, images' manifests) and before the tar is written.
 * Packages the repositories cannot offer (and rpm ones, not read yet) are returned as skipped.
 */
export async function buildBundle(input: BuildInput): Promise<BuildResult> {
  const emit = input.onEvent ?? ((): void => undefined);
  const packages = input.needs.artifacts.filter((a): a is PackageArtifact => a.kind === 'package');
  const { resolved, unresolved } = await resolveDebPackages(packages, input.readIndex ?? fetchText);
  const skipped: SkippedArtifact[] = [...unresolved];
  const imageArtifacts = input.needs.artifacts.filter(
    (a): a is ImageArtifact => a.kind === 'image',
  );
  const jobs: Job[] = [
    ...resolved.map((r): Job => ({
      id: r.artifact.id,
      kind: 'package',
      path: `packages/${r.artifact.family}/${r.artifact.arch}/${r.filename}`,
      sources: r.sources,
      sha256: r.sha256,
      size: r.size,
      version: r.version,
      forVersions: r.artifact.forVersions,
    })),
    ...imageJobs(imageArtifacts, imageArches(input.machines)),
    ...input.needs.artifacts.filter((a): a is FileArtifact => a.kind === 'file').map(fileJob),
  ];
  const images = await sizeImages(jobs, input);
  const knownBytes = resolved.reduce((sum, r) => sum + r.size, 0) + images.bytes;
  const unsized = jobs.filter((j) => j.kind === 'file').length + images.unsized;
  emit({ kind: 'resolved', artifacts: jobs.length, knownBytes, unsized, skipped });
  await mkdir(input.staging, { recursive: true });
  await assertFreeSpace(input.staging, knownBytes, 'out', input.freeBytes);
  const mtime = input.now?.() ?? new Date();
  const entries: BundleEntry[] = [];
  const files = new Map<string, string>();
  for (const [i, job] of jobs.entries()) {
    const dest = join(input.staging, job.path);
    await mkdir(dirname(dest), { recursive: true });
    let bytes: number;
    let sha256: string;
    let source: ArtifactSource | undefined;
    const kept = job.sha256 ? await sha256Of(dest) : undefined;
    const position = { index: i + 1, of: jobs.length };
    if (kept && kept === job.sha256) {
      emit({ kind: 'artifact', id: job.id, state: 'reused', ...position });
      bytes = (await stat(dest)).size;
      sha256 = kept;
    } else {
      emit({ kind: 'artifact', id: job.id, state: 'downloading', ...position });
      const got = job.image
        ? await pullJob(job.id, job.image, dest, input, mtime, emit)
        : await fetchWithFallback(job.id, job.sources, dest, {
            ...(job.sha256 ? { sha256: job.sha256 } : {}),
            ...(input.signal ? { signal: input.signal } : {}),
            onProgress: (p) => emit({ kind: 'progress', id: job.id, ...p }),
          });
      bytes = got.bytes;
      sha256 = got.sha256;
      source = got.source;
      emit({ kind: 'done', id: job.id, bytes, source, failures: got.failures });
    }
    files.set(job.path, dest);
    entries.push({
      id: job.id,
      kind: job.kind,
      path: job.path,
      bytes,
      sha256,
      ...(job.version ? { version: job.version } : {}),
      ...(source ? { source } : {}),
      forVersions: job.forVersions,
    });
  }
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    createdAt: mtime.toISOString(),
    plan: input.plan,
    versions: input.needs.versions,
    machines: input.machines,
    entries,
  };
  const content = contentBytes(manifest);
  await assertFreeSpace(
    dirname(input.out),
    content + tarOverhead(entries.length),
    'out',
    input.freeBytes,
  );
  await writeBundle(input.out, manifest, files);
  const fileBytes = (await stat(input.out)).size;
  emit({ kind: 'written', path: input.out, fileBytes, contentBytes: content });
  return { manifest, skipped, fileBytes };
}

/**
 * Every image's download size before anything is downloaded, from its manifests (the first
 * source that answers), so the size shown before and the free-space check count the images too;
 * an image no source answers for is counted as unsized (its pull will name the mirrors).
 */
async function sizeImages(
  jobs: readonly Job[],
  input: BuildInput,
): Promise<{ bytes: number; unsized: number }> {
  let bytes = 0;
  let unsized = 0;
  for (const job of jobs) {
    if (!job.image) continue;
    let size: number | undefined;
    for (const source of job.sources) {
      size = await imageBytes(source.location, {
        arch: job.image.arch,
        ...(input.plainHttp ? { plainHttp: input.plainHttp } : {}),
        ...(input.signal ? { signal: input.signal } : {}),
      }).catch(() => undefined);
      if (size !== undefined) break;
      if (input.signal?.aborted) throw input.signal.reason;
    }
    if (size === undefined) unsized += 1;
    else bytes += size;
  }
  return { bytes, unsized };
}

async function pullJob(
  id: string,
  image: NonNullable<Job['image']>,
  dest: string,
  input: BuildInput,
  mtime: Date,
  emit: (e: BuildEvent) => void,
): Promise<{ bytes: number; sha256: string; source: ArtifactSource; failures: SourceFailure[] }> {
  const started = Date.now();
  let first: number | undefined;
  return stageImage(image.artifact, {
    arch: image.arch,
    dest,
    blobs: blobStore(input.staging),
    mtime,
    ...(input.plainHttp ? { plainHttp: input.plainHttp } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
    onProgress: (p) => {
      first ??= p.bytes;
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      const speed = (p.bytes - first) / seconds;
      emit({
        kind: 'progress',
        id,
        url: p.url,
        bytes: p.bytes,
        total: p.total,
        speed,
        ...(speed > 0 ? { etaSeconds: (p.total - p.bytes) / speed } : {}),
      });
    },
  });
}

/** Removes the staging folder once the bundle is written (it is kept after a failure). */
export async function dropStaging(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
}
