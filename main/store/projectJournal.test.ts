import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunState, TaskState } from '../../common/model/runEvent';
import { projectJournalPath } from './projectJournal';
import { FileProjectStore, projectRunStateStore, untitledProject } from './projectStore';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function projectFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kubelab-project-journal-'));
  dirs.push(dir);
  return join(dir, 'kubelab.yaml');
}

const task = (i: number, status: TaskState['status']): TaskState => ({
  stepId: `step-${i}`,
  nodeId: 'master1',
  status,
  attempts: status === 'pending' ? 0 : 1,
});

const run = (tasks: number): RunState => ({
  runId: 'r-journal-1',
  startedAt: '2026-12-07T18:00:00.000Z',
  kind: 'install',
  tasks: Array.from({ length: tasks }, (_, i) => task(i, 'pending')),
});

/** What a kubelab started after a kill reads: the file and its journal, from disk. */
async function reopened(file: string): Promise<RunState | undefined> {
  return (await new FileProjectStore().open(file)).runState;
}

const statuses = (s: RunState | undefined): string[] => s?.tasks.map((t) => t.status) ?? [];

describe("the cluster's record journals its tasks between whole writes of the project file", () => {
  it('20 finished tasks: one whole write, 20 journal lines, and a kill after them loses none', async () => {
    const file = await projectFile();
    const store = new FileProjectStore(untitledProject(), file);
    const record = projectRunStateStore(store);
    await record.save(run(20));
    const whole = await readFile(file, 'utf8');
    for (let i = 0; i < 20; i++) await record.append('r-journal-1', [task(i, 'done')]);

    // The project file was not written again: every task is one line beside it.
    expect(await readFile(file, 'utf8')).toBe(whole);
    const lines = (await readFile(projectJournalPath(file), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(20);
    // Killed here (nothing flushed, nothing closed): a new process reads every finished task.
    expect(statuses(await reopened(file))).toEqual(Array(20).fill('done'));
    expect(statuses(store.get().runState)).toEqual(Array(20).fill('done'));
  });

  it('keeps copies of appended tasks: the run changing them later alters neither the project nor its journal', async () => {
    const file = await projectFile();
    const store = new FileProjectStore(untitledProject(), file);
    const record = projectRunStateStore(store);
    await record.save(run(2));
    // StateWriter hands over the run's live task objects.
    const live = task(0, 'running');
    const appended = record.append('r-journal-1', [live]);
    live.status = 'failed';
    await appended;
    expect(statuses(store.get().runState)).toEqual(['running', 'pending']);
    expect(statuses(await reopened(file))).toEqual(['running', 'pending']);
  });

  it('a kill between a whole write and the journal removal does not turn a task back', async () => {
    const file = await projectFile();
    const store = new FileProjectStore(untitledProject(), file);
    const record = projectRunStateStore(store);
    await record.save(run(2));
    await record.append('r-journal-1', [task(0, 'running')]);
    const leftOver = `${file}.kept`;
    await copyFile(projectJournalPath(file), leftOver);
    await record.append('r-journal-1', [task(0, 'done')]);
    // A whole write (the run's end, a compaction, a plan saved meanwhile) takes everything in…
    await record.save({
      ...run(2),
      tasks: [task(0, 'done'), task(1, 'pending')],
      outcome: 'failed',
    });
    expect(await readdir(join(file, '..'))).not.toContain('kubelab.yaml.journal');
    // …and the kill fell before the journal's removal: its line (step-0 running) is still there.
    await copyFile(leftOver, projectJournalPath(file));
    const read = await reopened(file);
    expect(read?.outcome).toBe('failed');
    expect(statuses(read)).toEqual(['done', 'pending']);
  });

  it('a journal line torn by a kill is skipped; the lines before it count', async () => {
    const file = await projectFile();
    const record = projectRunStateStore(new FileProjectStore(untitledProject(), file));
    await record.save(run(3));
    await record.append('r-journal-1', [task(0, 'done')]);
    await record.append('r-journal-1', [task(1, 'done')]);
    const journal = await readFile(projectJournalPath(file), 'utf8');
    const lastLine = journal.trim().split('\n').at(-1) ?? '';
    await writeFile(
      projectJournalPath(file),
      journal + lastLine.replace('step-1', 'step-2').slice(0, 40),
    );
    expect(statuses(await reopened(file))).toEqual(['done', 'done', 'pending']);
  });

  it('a store opened on a journaled file goes on journaling after the same whole write', async () => {
    const file = await projectFile();
    await projectRunStateStore(new FileProjectStore(untitledProject(), file)).save(run(3));
    const first = projectRunStateStore(new FileProjectStore(untitledProject(), file));
    // A store made with the path but not opened has no seal to follow: its first append is whole.
    await first.save(run(3));
    await first.append('r-journal-1', [task(0, 'done')]);
    const next = new FileProjectStore();
    await next.open(file);
    await projectRunStateStore(next).append('r-journal-1', [task(1, 'done')]);
    expect(statuses(await reopened(file))).toEqual(['done', 'done', 'pending']);
  });

  it('an append for another run than the recorded one is refused, nothing written', async () => {
    const file = await projectFile();
    const record = projectRunStateStore(new FileProjectStore(untitledProject(), file));
    await record.save(run(1));
    await expect(record.append('r-other', [task(0, 'done')])).rejects.toThrow('r-other');
    expect(statuses(await reopened(file))).toEqual(['pending']);
  });
});
