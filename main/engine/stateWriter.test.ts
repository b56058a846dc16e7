import { describe, expect, it } from 'vitest';
import type { RunState } from '../../common/model/runEvent';
import { StateWriter } from './stateWriter';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('StateWriter', () => {
  it('shares one write per tick and coalesces requests made during a write', async () => {
    const state: RunState = { runId: 'r', startedAt: 't', tasks: [] };
    const saved: string[] = [];
    const releases: (() => void)[] = [];
    const writer = new StateWriter(
      () => state,
      (s) => {
        saved.push(s.finishedAt ?? 'none');
        return new Promise<void>((resolve) => releases.push(resolve));
      },
    );
    const first = writer.request();
    state.finishedAt = 'a';
    expect(writer.request()).toBe(first); // same tick: the first write will include it
    await tick();
    expect(saved).toEqual(['a']);
    state.finishedAt = 'b';
    const second = writer.request();
    state.finishedAt = 'c';
    expect(writer.request()).toBe(second); // in flight: one more write, of the newest state
    releases.shift()?.();
    await first;
    await tick();
    await tick();
    releases.shift()?.();
    await second;
    expect(saved).toEqual(['a', 'c']);
  });
});
