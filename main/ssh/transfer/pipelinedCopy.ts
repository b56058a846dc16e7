import { AppError } from '../../../common/model/appError';
import type { RateLimiter } from '../../engine/remote';
import type { OpenFile } from './fileSide';

/**
 * SFTP answers each request after a round trip, so one request at a time runs at a fraction of
 * the link: like ssh2's fastGet/fastPut and OpenSSH's sftp (sftp(1) `-R num_requests`, `-B
 * buffer_size`, defaults 64 and 32768: https://man.openbsd.org/sftp) several chunks are in flight. 16 × 128 KiB rather than ssh2's 64 × 32 KiB: the
 * same 2 MiB window with a quarter of the requests, which is what costs CPU in one JavaScript
 * process feeding ten nodes (bench/push.bench.ts: ratio to scp 1.85 → 1.27 for ten nodes).
 * OpenSSH's sftp-server takes up to 256 KiB per request (ssh2 SFTP.js OPENSSH_MAX_PKT_LEN);
 * ssh2 splits a bigger write for other servers. Memory is `concurrency × chunkSize`.
 */
export const CHUNK_SIZE = 128 * 1024;
export const CONCURRENCY = 16;

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
