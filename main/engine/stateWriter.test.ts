import { describe, expect, it } from 'vitest';
import type { RunState, TaskState } from '../../common/model/runEvent';
import { StateWriter } from './stateWriter';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

const task = (stepId: string): TaskState => ({
  stepId,
  nodeId: 'n1',
  status: 'pending',
  attempts: 0,
});

/** A writer over `state` that records every whole save and every append (as step ids). */
function recorded(
  state: RunState,
  opts: { compactAfter?: number; failAppends?: number } = {},
): { writer: StateWriter; writes: string[] } {
  const writes: string[] = [];
  let failures = opts.failAppends ?? 0;
  const writer = new StateWriter(() => state, {
    save: async (s) => {
      writes.push(`whole:${s.tasks.map((t) => t.status).join(',')}`);
    },
    append: async (runId, tasks) => {
      if (failures-- > 0) throw new Error('disk full');
      writes.push(`append ${runId}:${tasks.map((t) => `${t.stepId}=${t.status}`).join(',')}`);
    },
    compactAfter: opts.compactAfter,
  });
  return { writer, writes };
}

describe('StateWriter', () => {
  it('shares one write per tick and coalesces requests made during a write', async () => {
    const state: RunState = { runId: 'r', startedAt: 't', tasks: [] };
    const saved: string[] = [];
    const releases: (() => void)[] = [];
    const writer = new StateWriter(() => state, {
      save: (s) => {
        saved.push(s.finishedAt ?? 'none');
        return new Promise<void>((resolve) => releases.push(resolve));
      },
    });
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

  it('writes the whole record first, then appends only the tasks that changed', async () => {
    const [a, b, c] = [task('a'), task('b'), task('c')];
    const state: RunState = { runId: 'r1', startedAt: 't', tasks: [a, b, c] };
    const { writer, writes } = recorded(state);
    await writer.request();
    a.status = 'running';
    b.status = 'running';
    const one = writer.request(a);
    expect(writer.request(b)).toBe(one); // same tick: one append of both
    await one;
    b.status = 'done';
    await writer.request(b);
    expect(writes).toEqual([
      'whole:pending,pending,pending',
      'append r1:a=running,b=running',
      'append r1:b=done',
    ]);
  });

  it('appends tasks changed during a write in the next one, not the whole record', async () => {
    const [a, b] = [task('a'), task('b')];
    const state: RunState = { runId: 'r1', startedAt: 't', tasks: [a, b] };
    const { writer, writes } = recorded(state);
    await writer.request();
    a.status = 'running';
    const first = writer.request(a);
    await tick(); // the first append has taken its snapshot
    b.status = 'running';
    const second = writer.request(b);
    expect(second).not.toBe(first);
    await second;
    expect(writes).toEqual(['whole:pending,pending', 'append r1:a=running', 'append r1:b=running']);
  });

  it('hands the sink the live tasks, with the state they have when the append runs', async () => {
    // The contract (AppendState): the sink serialises at once and copies what it keeps, so the
    // writer makes no copy per task.
    const a = task('a');
    const state: RunState = { runId: 'r1', startedAt: 't', tasks: [a] };
    const appended: string[] = [];
    const writer = new StateWriter(() => state, {
      save: async () => undefined,
      append: async (_runId, tasks) => {
        expect(tasks[0]).toBe(a);
        appended.push(...tasks.map((t) => JSON.stringify(t)));
      },
    });
    await writer.request();
    a.status = 'running';
    await writer.request(a);
    a.status = 'done';
    expect(appended.map((t) => (JSON.parse(t) as TaskState).status)).toEqual(['running']);
  });

  it('writes the whole record again after compactAfter appended tasks', async () => {
    const [a, b] = [task('a'), task('b')];
    const state: RunState = { runId: 'r1', startedAt: 't', tasks: [a, b] };
    const { writer, writes } = recorded(state, { compactAfter: 2 });
    await writer.request();
    a.status = 'running';
    await writer.request(a);
    b.status = 'running';
    await writer.request(b);
    a.status = 'done';
    await writer.request(a);
    b.status = 'done';
    await writer.request(b);
    expect(writes).toEqual([
      'whole:pending,pending',
      'append r1:a=running',
      'append r1:b=running',
      'whole:done,running', // a third appended task would exceed 2: the whole record instead
      'append r1:b=done',
    ]);
  });

  it('by default a run whose tasks each go running then done is written whole only at its start', async () => {
    const tasks = Array.from({ length: 100 }, (_, i) => task(`s${i}`));
    const state: RunState = { runId: 'r1', startedAt: 't', tasks };
    const { writer, writes } = recorded(state);
    await writer.request();
    for (const status of ['running', 'done', 'running', 'done'] as const) {
      for (const t of tasks) {
        t.status = status;
        await writer.request(t);
      }
    }
    // 400 appended tasks (4 a task): still within the default; the next one writes it whole.
    expect(writes.filter((w) => w.startsWith('whole'))).toHaveLength(1);
    expect(writes).toHaveLength(401);
    await writer.request(tasks[0]);
    expect(writes.at(-1)).toMatch(/^whole:done/);
  });

  it('after a failed append writes the whole record, so the lost change is kept', async () => {
    const [a, b] = [task('a'), task('b')];
    const state: RunState = { runId: 'r1', startedAt: 't', tasks: [a, b] };
    const { writer, writes } = recorded(state, { failAppends: 1 });
    await writer.request();
    a.status = 'done';
    await writer.request(a);
    expect(writer.error).toBeInstanceOf(Error);
    b.status = 'done';
    await writer.request(b);
    expect(writer.error).toBeUndefined();
    expect(writes).toEqual(['whole:pending,pending', 'whole:done,done']);
  });

  it('a debounced change is appended, not written whole', async () => {
    const a = task('a');
    const state: RunState = { runId: 'r1', startedAt: 't', tasks: [a] };
    const { writer, writes } = recorded(state);
    await writer.request();
    a.attempts = 1;
    writer.soon(a);
    await writer.flush();
    expect(writes).toEqual(['whole:pending', 'append r1:a=pending']);
  });
});
