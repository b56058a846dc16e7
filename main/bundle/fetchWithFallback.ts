import type { ArtifactSource } from '../../common/bundle/schema';
import { AppError } from '../../common/model/appError';
import { download, type DownloadOptions, type DownloadResult } from './download';

export interface SourceFailure {
  source: ArtifactSource;
  error: string;
}

export interface FetchedArtifact extends DownloadResult {
  source: ArtifactSource;
  /** The sources tried before the one that worked, and why each failed. */
  failures: SourceFailure[];
}

/**
 * Downloads one artifact from its sources in order (the plan's mirrors, then fallbacks): a
 * failed download or a checksum mismatch is recorded naming the mirror, and the next source is
 * tried (issue 22: "a checksum mismatch stops the build naming the artifact and the mirror, then
 * tries the fallback"). When none works, the error names the artifact and every mirror's reason.
 * An interruption (the signal) is not a mirror's fault: it stops at once, the part file kept.
 */
export async function fetchWithFallback(
  artifactId: string,
  sources: readonly ArtifactSource[],
  dest: string,
  opts: DownloadOptions = {},
): Promise<FetchedArtifact> {
  const failures: SourceFailure[] = [];
  for (const source of sources) {
    try {
      const result = await download(source.location, dest, opts);
      return { ...result, source, failures };
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      failures.push({ source, error: err instanceof Error ? err.message : String(err) });
    }
  }
  throw new AppError({
    code: 'bundle_download_failed',
    message:
      `${artifactId}: no source worked — ` +
      failures.map((f) => `${f.source.profile} (${f.error})`).join('; '),
  });
}
