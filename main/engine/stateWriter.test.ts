import { describe, expect, it } from 'vitest';
import type { RunState } from '../../common/model/runEvent';
import { StateWriter } from './stateWriter';

describe('StateWriter', () => {
  it('coalesces requests made during a write into one more write of the newest state', async () => {
    const state: RunState = { runId: 'r', startedAt: 't', tasks: [] };
    const saved: string[] = [];
    let release: () => void = () => undefined;
    const writer = new StateWriter(
      () => state,
      (s) => {
        saved.push(s.finishedAt ?? 'none');
        return new Promise<void>((resolve) => (release = resolve));
      },
    );
    const first = writer.request();
    state.finishedAt = 'a';
    const second = writer.request();
    state.finishedAt = 'b';
    const third = writer.request();
    expect(second).toBe(third);
    release();
    await first;
    release();
    await third;
    expect(saved).toEqual(['none', 'b']);
  });
});
