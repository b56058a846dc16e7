import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AttemptGuard } from './attemptGuard';

describe('AttemptGuard', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('aborts an attempt at its deadline, and only that one', async () => {
    const guard = new AttemptGuard(new AbortController().signal);
    const short = guard.begin(100);
    const long = guard.begin(1000);
    await vi.advanceTimersByTimeAsync(99);
    expect(short.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(short.signal.aborted).toBe(true);
    expect(short.timedOut).toBe(true);
    await expect(short.stopped).rejects.toThrow('timed out');
    expect(long.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(900);
    expect(long.timedOut).toBe(true);
  });

  it('re-arms for an earlier deadline begun after a later one', async () => {
    const guard = new AttemptGuard(new AbortController().signal);
    const later = guard.begin(1000);
    const sooner = guard.begin(10);
    await vi.advanceTimersByTimeAsync(10);
    expect(sooner.timedOut).toBe(true);
    expect(later.signal.aborted).toBe(false);
  });

  it('never aborts an attempt that ended, and leaves no timer once none is live', async () => {
    const guard = new AttemptGuard(new AbortController().signal);
    const a = guard.begin(50);
    const b = guard.begin(60);
    a.end();
    expect(vi.getTimerCount()).toBe(1);
    b.end();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(a.signal.aborted).toBe(false);
    expect(b.signal.aborted).toBe(false);
  });

  it("hands the run's cancel to every live attempt, not as a timeout", async () => {
    const run = new AbortController();
    const guard = new AttemptGuard(run.signal);
    const a = guard.begin(1000);
    const b = guard.begin(1000);
    const ended = guard.begin(1000);
    ended.end();
    run.abort(new Error('cancelled'));
    expect(a.signal.aborted && b.signal.aborted).toBe(true);
    expect(a.timedOut || b.timedOut).toBe(false);
    await expect(a.stopped).rejects.toThrow('cancelled');
    expect(ended.signal.aborted).toBe(false);
    // Begun after the cancel: aborted at once.
    expect(guard.begin(1000).signal.aborted).toBe(true);
  });

  it("races the attempt's work against its abort: the work's outcome, or the abort's reason at once", async () => {
    const run = new AbortController();
    const guard = new AttemptGuard(run.signal);
    await expect(guard.begin(1000).race(Promise.resolve('done'))).resolves.toBe('done');
    await expect(guard.begin(1000).race(Promise.reject(new Error('exit 1')))).rejects.toThrow(
      'exit 1',
    );
    // A step that ignores its signal: the race ends at the deadline, not when the step does.
    const ignoring = guard.begin(100).race(new Promise<string>(() => undefined));
    const heard = expect(ignoring).rejects.toThrow('timed out');
    await vi.advanceTimersByTimeAsync(100);
    await heard;
    const cancelled = guard.begin(1000).race(new Promise<string>(() => undefined));
    run.abort(new Error('cancelled'));
    await expect(cancelled).rejects.toThrow('cancelled');
    // Begun after the cancel: the race is lost at once, whatever the work does.
    await expect(guard.begin(1000).race(Promise.resolve('late'))).rejects.toThrow('cancelled');
  });

  it('after close, neither a deadline nor the cancel reaches an attempt', async () => {
    const run = new AbortController();
    const guard = new AttemptGuard(run.signal);
    const a = guard.begin(10);
    guard.close();
    expect(vi.getTimerCount()).toBe(0);
    run.abort();
    await vi.advanceTimersByTimeAsync(20);
    expect(a.signal.aborted).toBe(false);
  });
});
