import { describe, expect, it } from 'vitest';
import type { RunState, TaskState } from '../../common/model/runEvent';
import {
  copyTask,
  fullRecordText,
  generationOf,
  journalLines,
  replayJournal,
  withTasks,
} from './runJournal';

const task = (stepId: string, status: TaskState['status'], nodeId = 'n1'): TaskState => ({
  stepId,
  nodeId,
  status,
  attempts: status === 'pending' ? 0 : 1,
});

const base: RunState = {
  runId: 'r1',
  startedAt: '2026-12-07T10:00:00.000Z',
  tasks: [task('a', 'pending'), task('b', 'pending')],
};

const statuses = (s: RunState): string[] =>
  s.tasks.map((t) => `${t.stepId}@${t.nodeId}=${t.status}`);

describe('run journal', () => {
  it('replays its lines in order over the record: the last line of a task wins', () => {
    const journal =
      journalLines('g1', [task('a', 'running')]) +
      journalLines('g1', [task('a', 'done'), task('b', 'running')]);
    expect(statuses(replayJournal(base, journal, 'g1'))).toEqual(['a@n1=done', 'b@n1=running']);
    expect(statuses(base)).toEqual(['a@n1=pending', 'b@n1=pending']); // not changed
  });

  it('adds a task the record does not have', () => {
    const journal = journalLines('g1', [task('a', 'done', 'n2')]);
    expect(statuses(replayJournal(base, journal, 'g1'))).toEqual([
      'a@n1=pending',
      'b@n1=pending',
      'a@n2=done',
    ]);
  });

  it('skips a torn last line (a kill mid-append) and keeps every whole line before it', () => {
    const whole = journalLines('g1', [task('a', 'done'), task('b', 'running')]);
    const torn = journalLines('g1', [task('b', 'done')]).slice(0, 30);
    const replayed = replayJournal(base, whole + torn, 'g1');
    expect(statuses(replayed)).toEqual(['a@n1=done', 'b@n1=running']);
  });

  it("skips another generation's lines: they are already in the whole record", () => {
    // A kill between the whole write (generation g2, b done) and the old journal's removal.
    const record: RunState = { ...base, tasks: [task('a', 'done'), task('b', 'done')] };
    const journal =
      journalLines('g1', [task('b', 'running')]) + journalLines('g2', [task('a', 'failed')]);
    expect(statuses(replayJournal(record, journal, 'g2'))).toEqual(['a@n1=failed', 'b@n1=done']);
  });

  it('ignores a journal when the record names no generation (written before journals)', () => {
    const journal = journalLines('g1', [task('a', 'done')]);
    expect(replayJournal(base, journal, undefined)).toBe(base);
  });

  it('skips a line whose task is not a valid task state', () => {
    const journal = `${JSON.stringify({ g: 'g1', task: { stepId: 'a' } })}\n`;
    expect(statuses(replayJournal(base, journal, 'g1'))).toEqual(['a@n1=pending', 'b@n1=pending']);
  });

  it('writes each line as the JSON of { g, task }, one a line (what older readers parse)', () => {
    const tasks = [
      task('a', 'done'),
      { ...task('b', 'failed'), error: { code: 'x', message: 'a "quoted"\nline' } },
    ];
    expect(journalLines('g"1', tasks)).toBe(
      tasks.map((t) => `${JSON.stringify({ g: 'g"1', task: t })}\n`).join(''),
    );
    expect(journalLines('g1', [])).toBe('');
  });

  it('names its generation in the whole record, which still reads as the run', () => {
    const raw: unknown = JSON.parse(fullRecordText(base, 'g7'));
    expect(generationOf(raw)).toBe('g7');
    expect(raw).toMatchObject(base);
    expect(generationOf({ ...base })).toBeUndefined();
  });
});

/** What withTasks did before it kept an index: a Map of every cell made for each call. */
function naiveWithTasks(state: RunState, changed: readonly TaskState[]): RunState {
  const tasks = [...state.tasks];
  const index = new Map(tasks.map((t, i) => [`${t.stepId}@${t.nodeId}`, i]));
  for (const t of changed) {
    const at = index.get(`${t.stepId}@${t.nodeId}`);
    if (at === undefined) {
      index.set(`${t.stepId}@${t.nodeId}`, tasks.length);
      tasks.push(t);
    } else tasks[at] = t;
  }
  return { ...state, tasks };
}

describe('withTasks keeps its index of cells with the record', () => {
  it('a chain of 500 appends (replacing and adding cells) matches a fresh index each time, every earlier record unchanged', () => {
    const statusesCycle: TaskState['status'][] = ['running', 'done', 'failed', 'skipped'];
    let kept = base;
    let naive = base;
    const earlier: { record: RunState; seen: string[] }[] = [];
    for (let i = 0; i < 500; i++) {
      // Cells a..e on n1..n4: early appends add cells, later ones mostly replace them.
      const changed = [0, 1].map((j) =>
        task(
          'abcde'[(i * 7 + j) % 5] ?? 'a',
          statusesCycle[(i + j) % 4] ?? 'done',
          `n${((i * 3 + j) % 4) + 1}`,
        ),
      );
      earlier.push({ record: kept, seen: statuses(kept) });
      kept = withTasks(kept, changed);
      naive = naiveWithTasks(naive, changed);
      expect(statuses(kept)).toEqual(statuses(naive));
    }
    expect(kept.tasks).toHaveLength(20);
    for (const { record, seen } of earlier) expect(statuses(record)).toEqual(seen);
  });

  it('an older record appended to again, after a newer one took its index, lands each task on its own cell', () => {
    const withC = withTasks(base, [task('c', 'running')]);
    const withD = withTasks(base, [task('d', 'running')]);
    expect(statuses(withD)).toEqual(['a@n1=pending', 'b@n1=pending', 'd@n1=running']);
    const cDone = withTasks(withC, [task('c', 'done'), task('a', 'done')]);
    expect(statuses(cDone)).toEqual(['a@n1=done', 'b@n1=pending', 'c@n1=done']);
  });

  it('a list grown or reordered by other hands gets its index made again: no cell twice', () => {
    const first = withTasks(base, [task('a', 'running')]);
    const grown: RunState = { ...first, tasks: first.tasks };
    (grown.tasks as TaskState[]).push(task('c', 'pending'));
    expect(statuses(withTasks(grown, [task('c', 'done')]))).toEqual([
      'a@n1=running',
      'b@n1=pending',
      'c@n1=done',
    ]);
    const second = withTasks(base, [task('b', 'running')]);
    (second.tasks as TaskState[]).reverse();
    expect(statuses(withTasks(second, [task('a', 'done')]))).toEqual(['b@n1=running', 'a@n1=done']);
  });
});

describe('copyTask', () => {
  it('copies every level: changing the live task later leaves the copy as it was', () => {
    const live: TaskState = {
      ...task('a', 'failed'),
      detached: { attempt: 1, offset: 10, started: true },
      outputs: { token: 'x' },
      error: { code: 'step_failed', message: 'exit 1', nodeId: 'n1', stepId: 'a' },
      diagnosis: {
        ruleId: 'r',
        title: { en: 't', zh: 't' },
        hint: { en: 'h', zh: 'h' },
        evidence: ['line 1', 'line 2'],
      } as unknown as TaskState['diagnosis'],
    };
    const copy = copyTask(live);
    expect(copy).toEqual(live);
    const before = JSON.stringify(copy);
    live.status = 'running';
    if (live.detached) live.detached.offset = 99;
    if (live.outputs) live.outputs.token = 'y';
    if (live.error) live.error.message = 'changed';
    (live.diagnosis as unknown as { evidence: string[] }).evidence.push('line 3');
    expect(JSON.stringify(copy)).toBe(before);
  });
});
