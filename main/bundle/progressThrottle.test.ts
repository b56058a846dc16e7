import { describe, expect, it } from 'vitest';
import { createProgressThrottle } from './progressThrottle';

/** A clock the test moves by hand. */
function fakeClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('createProgressThrottle', () => {
  it('passes the first report, then at most one per 100 ms', () => {
    const clock = fakeClock();
    const seen: number[] = [];
    const throttle = createProgressThrottle<number>((n) => seen.push(n), clock.now);
    // 1000 chunks over one second, one per millisecond.
    for (let n = 1; n <= 1000; n++) {
      throttle.offer(n);
      clock.advance(1);
    }
    expect(seen[0]).toBe(1);
    expect(seen).toHaveLength(10);
    // Every gap is the interval, not less.
    expect(seen.slice(1).map((n, i) => n - (seen[i] ?? 0))).toEqual(Array(9).fill(100));
  });

  it('always passes the final report, and only once', () => {
    const clock = fakeClock();
    const seen: number[] = [];
    const throttle = createProgressThrottle<number>((n) => seen.push(n), clock.now);
    throttle.offer(1);
    clock.advance(10);
    throttle.offer(2);
    clock.advance(10);
    throttle.offer(3);
    throttle.flush();
    throttle.flush();
    expect(seen).toEqual([1, 3]);
  });

  it('has nothing to flush when the last report already went out', () => {
    const clock = fakeClock();
    const seen: number[] = [];
    const throttle = createProgressThrottle<number>((n) => seen.push(n), clock.now);
    throttle.offer(1);
    clock.advance(150);
    throttle.offer(2);
    throttle.flush();
    expect(seen).toEqual([1, 2]);
  });

  it('counts the interval from a flushed report too', () => {
    const clock = fakeClock();
    const seen: string[] = [];
    const throttle = createProgressThrottle<string>((s) => seen.push(s), clock.now, 50);
    throttle.offer('a');
    clock.advance(20);
    throttle.offer('b');
    throttle.flush();
    clock.advance(40);
    throttle.offer('c');
    clock.advance(10);
    throttle.offer('d');
    expect(seen).toEqual(['a', 'b', 'd']);
  });
});
