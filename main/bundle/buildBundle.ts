import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BUNDLE_FORMAT, type BundleEntry, type BundleManifest } from '../../common/bundle/manifest';
import type {
  ArtifactSource,
  BundleNeeds,
  FileArtifact,
  PackageArtifact,
} from '../../common/bundle/schema';
import type { DownloadProgress } from './download';
import { fetchWithFallback, type SourceFailure } from './fetchWithFallback';
import { resolveDebPackages, type IndexReader } from './resolvePackages';
import { writeBundle } from './writeBundle';

/** What a build reports as it goes (the CLI prints it; the contract's events will carry it). */
export type BuildEvent =
  | { kind: 'resolved'; artifacts: number; knownBytes: number; skipped: SkippedArtifact[] }
  | { kind: 'artifact'; id: string; state: 'downloading' | 'reused' }
  | ({ kind: 'progress'; id: string } & DownloadProgress)
  | { kind: 'done'; id: string; bytes: number; source: ArtifactSource; failures: SourceFailure[] };

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
  onEvent?: (e: BuildEvent) => void;
  signal?: AbortSignal;
  now?: () => Date;
}

export interface BuildResult {
  manifest: BundleManifest;
  skipped: SkippedArtifact[];
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
  version?: string;
  forVersions: string[];
}

function fileJob(a: FileArtifact): Job {
  return { id: a.id, kind: 'file', path: a.path, sources: a.sources, forVersions: a.forVersions };
}

/**
 * Builds the bundle: resolves the packages from their repositories' indexes, downloads every
 * package and file (resumable, published sums checked, fallbacks tried), then writes one tar with
 * the manifest first. A file already whole in the staging folder with the expected digest is not
 * downloaded again. Images (registry v2 pulls into OCI archives) are not built yet: they are
 * returned as skipped, with every package the repositories could not offer.
 */
export async function buildBundle(input: BuildInput): Promise<BuildResult> {
  const emit = input.onEvent ?? ((): void => undefined);
  const packages = input.needs.artifacts.filter((a): a is PackageArtifact => a.kind === 'package');
  const { resolved, unresolved } = await resolveDebPackages(packages, input.readIndex ?? fetchText);
  const skipped: SkippedArtifact[] = [
    ...unresolved,
    ...input.needs.artifacts
      .filter((a) => a.kind === 'image')
      .map((a) => ({ id: a.id, reason: 'image pulls into OCI archives are not built yet' })),
  ];
  const jobs: Job[] = [
    ...resolved.map((r): Job => ({
      id: r.artifact.id,
      kind: 'package',
      path: `packages/${r.artifact.family}/${r.artifact.arch}/${r.filename}`,
      sources: r.sources,
      sha256: r.sha256,
      version: r.version,
      forVersions: r.artifact.forVersions,
    })),
    ...input.needs.artifacts.filter((a): a is FileArtifact => a.kind === 'file').map(fileJob),
  ];
  emit({
    kind: 'resolved',
    artifacts: jobs.length,
    knownBytes: resolved.reduce((sum, r) => sum + r.size, 0),
    skipped,
  });
  const entries: BundleEntry[] = [];
  const files = new Map<string, string>();
  for (const job of jobs) {
    const dest = join(input.staging, job.path);
    await mkdir(dirname(dest), { recursive: true });
    let bytes: number;
    let sha256: string;
    let source: ArtifactSource | undefined;
    const kept = job.sha256 ? await sha256Of(dest) : undefined;
    if (kept && kept === job.sha256) {
      emit({ kind: 'artifact', id: job.id, state: 'reused' });
      bytes = (await stat(dest)).size;
      sha256 = kept;
    } else {
      emit({ kind: 'artifact', id: job.id, state: 'downloading' });
      const got = await fetchWithFallback(job.id, job.sources, dest, {
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
    createdAt: (input.now?.() ?? new Date()).toISOString(),
    plan: input.plan,
    versions: input.needs.versions,
    machines: input.machines,
    entries,
  };
  await writeBundle(input.out, manifest, files);
  return { manifest, skipped };
}
