import { AppError } from '../../../common/model/appError';
import type { RateLimiter } from '../../engine/remote';

const cancelled = (): AppError => new AppError({ code: 'cancelled', message: 'Cancelled.' });

/**
 * A token bucket: `bytesPerSecond` on average, bursts of up to a quarter second's worth. One
 * instance shared by several transfers caps their sum (a push to many nodes).
 */
export class TokenBucket implements RateLimiter {
  private tokens: number;
  private last: number;
  private readonly burst: number;
  /** Callers waiting in turn, so a big request cannot starve behind small ones. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly bytesPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(bytesPerSecond > 0))
      throw new AppError({
        code: 'invalid_payload',
        field: 'bandwidthLimit',
        message: 'bandwidthLimit must be a positive number of bytes per second.',
      });
    this.burst = Math.max(bytesPerSecond / 4, 64 * 1024);
    this.tokens = this.burst;
    this.last = now();
  }

  take(bytes: number, signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.wait(bytes, signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(
      this.burst,
      this.tokens + ((t - this.last) / 1000) * this.bytesPerSecond,
    );
    this.last = t;
  }

  private async wait(bytes: number, signal?: AbortSignal): Promise<void> {
    this.refill();
    // A request waits for its whole size (a bigger one than the bucket for a full bucket, then
    // goes into debt that the next one waits off): the average never exceeds the rate.
    const need = Math.min(bytes, this.burst);
    while (this.tokens < need) {
      await sleep(((need - this.tokens) / this.bytesPerSecond) * 1000 + 1, signal);
      this.refill();
    }
    if (signal?.aborted) throw cancelled();
    this.tokens -= bytes;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The limiter for an option: none, a fresh bucket for a number, or the shared one given. */
export function limiterOf(limit: number | RateLimiter | undefined): RateLimiter | undefined {
  if (limit === undefined) return undefined;
  return typeof limit === 'number' ? new TokenBucket(limit) : limit;
}
