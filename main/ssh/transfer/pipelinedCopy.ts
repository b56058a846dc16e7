import { AppError } from '../../../common/model/appError';
import type { RateLimiter } from '../../engine/remote';
import type { OpenFile } from './fileSide';

/**
 * SFTP answers each request after a round trip, so one request at a time runs at a fraction of
 * the link: like ssh2's own fastGet/fastPut (and OpenSSH's sftp, 64 requests of 32 KiB by
 * default: sftp(1) `-R num_requests`, `-B buffer_size`) several chunks are in flight. Memory is
 * `concurrency × chunkSize`, whatever the file's size.
 */
export const CHUNK_SIZE = 32 * 1024;
export const CONCURRENCY = 64;

/**
 * Chunks are handed out in order and at most `concurrency` are in flight, so when a copy stops
 * part way every byte below (the partial's size − this window) was written: a partial is
 * continued from there (what lies above may have holes of writes that never arrived).
 */
export const RESUME_WINDOW = CHUNK_SIZE * CONCURRENCY;

export interface CopyOptions {
  start: number;
  total: number;
  signal?: AbortSignal;
  limiter?: RateLimiter;
  /** Bytes of the file now on the destination (start + copied so far). */
  onBytes?: (transferred: number) => void;
  chunkSize?: number;
  concurrency?: number;
}

const cancelled = (): AppError => new AppError({ code: 'cancelled', message: 'Cancelled.' });

/** Copies bytes [start, total) from `source` to the same positions of `dest`. */
export async function pipelinedCopy(
  source: OpenFile,
  dest: OpenFile,
  o: CopyOptions,
): Promise<void> {
  const chunkSize = o.chunkSize ?? CHUNK_SIZE;
  let next = o.start;
  let done = o.start;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    const buffer = Buffer.allocUnsafe(chunkSize);
    while (failure === undefined && next < o.total) {
      if (o.signal?.aborted) throw cancelled();
      const position = next;
      const length = Math.min(chunkSize, o.total - position);
      next += length;
      await o.limiter?.take(length, o.signal);
      let filled = 0;
      // A read may return less than asked (SFTP servers cap a read's length): ask for the rest.
      while (filled < length) {
        const got = await source.read(buffer.subarray(filled), length - filled, position + filled);
        if (got === 0)
          throw new AppError({
            code: 'transfer_source_changed',
            message: `The file ended at ${position + filled} bytes while being copied; it had ${o.total} when the copy began.`,
          });
        filled += got;
      }
      await dest.write(buffer.subarray(0, length), position);
      done += length;
      o.onBytes?.(done);
    }
  };
  const workers = Array.from({ length: o.concurrency ?? CONCURRENCY }, () =>
    worker().catch((err: unknown) => {
      failure ??= err;
    }),
  );
  // A cancel answers at once, not after the requests in flight (a stalled link may never answer
  // them): the caller closes the files, which ends those requests.
  await untilAborted(Promise.all(workers), o.signal);
  if (failure !== undefined) throw failure;
  if (o.signal?.aborted) throw cancelled();
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(cancelled());
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}
