import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ArtifactSource, ImageArtifact } from '../../common/bundle/schema';
import { AppError } from '../../common/model/appError';
import type { SourceFailure } from './fetchWithFallback';
import { writeOciArchive } from './registry/ociArchive';
import { pullImage, type PullProgress } from './registry/pullImage';

/**
 * One image artifact for one architecture, staged as its OCI archive: pulled from its sources in
 * order (the plan's registry, then the other profiles' copies of the same image), so a registry
 * that fails or serves a blob that is not its digest is named and the next one tried — the same
 * rule as packages (fetchWithFallback.ts). The archive names the image as the node looks for it
 * (the artifact's `image`) whichever mirror served it.
 */
export interface StagedImage {
  bytes: number;
  sha256: string;
  source: ArtifactSource;
  failures: SourceFailure[];
}

export interface StageImageOptions {
  arch: string;
  /** The archive's path (inside the staging folder). */
  dest: string;
  /** The blob store shared by every image of the build. */
  blobs: string;
  plainHttp?: readonly string[];
  signal?: AbortSignal;
  onProgress?: (p: PullProgress) => void;
  mtime: Date;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

export async function stageImage(a: ImageArtifact, o: StageImageOptions): Promise<StagedImage> {
  const failures: SourceFailure[] = [];
  await mkdir(dirname(o.dest), { recursive: true });
  for (const source of a.sources) {
    try {
      const pulled = await pullImage(source.location, {
        arch: o.arch,
        blobs: o.blobs,
        ...(o.plainHttp ? { plainHttp: o.plainHttp } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
        ...(o.onProgress ? { onProgress: o.onProgress } : {}),
      });
      await rm(o.dest, { force: true });
      await writeOciArchive(o.dest, a.image, pulled, o.blobs, o.mtime);
      return { bytes: (await stat(o.dest)).size, sha256: await sha256Of(o.dest), source, failures };
    } catch (err) {
      if (o.signal?.aborted) throw err;
      failures.push({ source, error: err instanceof Error ? err.message : String(err) });
    }
  }
  throw new AppError({
    code: 'bundle_download_failed',
    message:
      `${a.id} (${o.arch}): no source worked — ` +
      failures.map((f) => `${f.source.profile} ${f.source.location} (${f.error})`).join('; '),
  });
}

/** The blob store of a build's staging folder. */
export const blobStore = (staging: string): string => join(staging, 'blobs');
