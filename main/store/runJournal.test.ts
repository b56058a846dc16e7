import { describe, expect, it } from 'vitest';
import type { RunState, TaskState } from '../../common/model/runEvent';
import { fullRecordText, generationOf, journalLines, replayJournal } from './runJournal';

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

  it('names its generation in the whole record, which still reads as the run', () => {
    const raw: unknown = JSON.parse(fullRecordText(base, 'g7'));
    expect(generationOf(raw)).toBe('g7');
    expect(raw).toMatchObject(base);
    expect(generationOf({ ...base })).toBeUndefined();
  });
});
