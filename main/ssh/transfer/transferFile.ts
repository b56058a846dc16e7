import { AppError } from '../../../common/model/appError';
import type { RateLimiter, TransferProgress, TransferResult } from '../../engine/remote';
import type { FileSide, OpenFile } from './fileSide';
import { pipelinedCopy, RESUME_WINDOW } from './pipelinedCopy';

export interface TransferFileOptions {
  onProgress?: (p: TransferProgress) => void;
  signal?: AbortSignal;
  /** Continue the partial from here; default: its size less the copy's window of holes. */
  resumeFrom?: number;
  /** false: start again even if a partial is there. */
  resume?: boolean;
  limiter?: RateLimiter;
  /** The final file's mode. */
  mode?: number;
  /** The source's SHA-256 when known already: it is not measured again. */
  sourceSha256?: string;
  /** Least time between two progress reports (the last one always comes). */
  progressEveryMs?: number;
  chunkSize?: number;
  concurrency?: number;
}

/** Where a partial of `size` bytes is continued: below the window every byte was written. */
async function resumePoint(
  to: FileSide,
  partial: string,
  total: number,
  o: TransferFileOptions,
): Promise<number> {
  if (o.resume === false) return 0;
  const size = await to.size(partial);
  if (size === undefined) return 0;
  const from = o.resumeFrom ?? Math.max(0, size - RESUME_WINDOW);
  // A partial longer than the file is of another file: start again.
  return from <= size && from <= total ? from : 0;
}

function throttled(o: TransferFileOptions, total: number): (done: number) => void {
  const every = o.progressEveryMs ?? 250;
  let last = -Infinity;
  return (done) => {
    const t = performance.now();
    if (done < total && t - last < every) return;
    last = t;
    o.onProgress?.({ transferred: done, total });
  };
}

async function closeBoth(a: OpenFile | undefined, b: OpenFile | undefined): Promise<void> {
  await Promise.allSettled([a?.close(), b?.close()]);
}

/**
 * Copies `fromPath` on one side to `toPath` on the other: into the destination's partial
 * (continued from an earlier try), SHA-256 measured on both ends, and only when they match
 * renamed to its final name. Nothing ever appears half-written under the final name; a mismatch
 * deletes the partial (its bytes cannot be trusted to continue); a cancel or a failure keeps it.
 */
export async function transferFile(
  from: FileSide,
  fromPath: string,
  to: FileSide,
  toPath: string,
  o: TransferFileOptions = {},
): Promise<TransferResult> {
  const total = await from.size(fromPath);
  if (total === undefined)
    throw new AppError({
      code: 'transfer_source_missing',
      nodeId: from.nodeId,
      message: `${fromPath} does not exist on ${from.where}.`,
    });
  const partial = to.partialOf(toPath);
  const start = await resumePoint(to, partial, total, o);
  const report = throttled(o, total);
  let source: OpenFile | undefined;
  let dest: OpenFile | undefined;
  try {
    source = await from.open(fromPath, 'read');
    dest = await to.open(partial, start > 0 ? 'continue' : 'create');
    report(start);
    await pipelinedCopy(source, dest, {
      start,
      total,
      signal: o.signal,
      limiter: o.limiter,
      onBytes: report,
      chunkSize: o.chunkSize,
      concurrency: o.concurrency,
    });
  } finally {
    await closeBoth(source, dest);
  }
  const [sent, received] = await Promise.all([
    o.sourceSha256 ?? from.sha256(fromPath, o.signal),
    to.sha256(partial, o.signal),
  ]);
  if (sent !== received) {
    await to.remove(partial).catch(() => undefined);
    throw new AppError({
      code: 'transfer_corrupt',
      nodeId: to.nodeId ?? from.nodeId,
      message: `${toPath} on ${to.where} has SHA-256 ${received}, ${fromPath} on ${from.where} ${sent}: the copy was deleted and not kept; transfer it again.`,
    });
  }
  await to.commit(partial, toPath, o.mode ?? 0o644);
  return { bytes: total, sha256: sent, resumedFrom: start };
}
