import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunState, TaskState } from '../../common/model/runEvent';
import { FileProjectStore, untitledProject } from './projectStore';
import { journalLines } from './runJournal';
import { projectRunRecords, readRecords, runRecordsDir } from './runRecords';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const RUN = 'r20261207-100000-abcdef';

const task = (stepId: string, status: TaskState['status']): TaskState => ({
  stepId,
  nodeId: 'n1',
  status,
  attempts: status === 'pending' ? 0 : 1,
});

const run: RunState = {
  runId: RUN,
  startedAt: '2026-12-07T10:00:00.000Z',
  kind: 'reset-node',
  tasks: [task('drain', 'pending'), task('reset-node', 'pending')],
};

async function fileRecords(): Promise<{
  records: ReturnType<typeof projectRunRecords>;
  dir: string;
}> {
  const root = await mkdtemp(join(tmpdir(), 'kubelab-runrecords-'));
  dirs.push(root);
  const project = join(root, 'lab.kubelab.yaml');
  const records = projectRunRecords(new FileProjectStore(untitledProject(), project));
  return { records, dir: runRecordsDir(project) };
}

const statuses = (s: RunState | undefined): string[] =>
  s?.tasks.map((t) => `${t.stepId}=${t.status}`) ?? [];

describe('project run records with a journal', () => {
  it('reads a record as its whole write plus the appended tasks', async () => {
    const { records, dir } = await fileRecords();
    await records.save(run);
    await records.append(RUN, [task('drain', 'running')]);
    await records.append(RUN, [task('drain', 'done'), task('reset-node', 'running')]);
    const [read] = await records.list();
    expect(statuses(read)).toEqual(['drain=done', 'reset-node=running']);
    expect(read?.kind).toBe('reset-node');
    expect(await readdir(dir)).toEqual([`${RUN}.journal`, `${RUN}.json`]);
    // The record's readers outside the run service (reports) see the same.
    expect(statuses((await readRecords(dir))[0])).toEqual(statuses(read));
  });

  it('a whole write compacts: the journal is gone and the record has everything', async () => {
    const { records, dir } = await fileRecords();
    await records.save(run);
    await records.append(RUN, [task('drain', 'done')]);
    await records.save({ ...run, tasks: [task('drain', 'done'), task('reset-node', 'done')] });
    expect(await readdir(dir)).toEqual([`${RUN}.json`]);
    const whole: unknown = JSON.parse(await readFile(join(dir, `${RUN}.json`), 'utf8'));
    expect(whole).toMatchObject({ runId: RUN, tasks: [{ status: 'done' }, { status: 'done' }] });
    expect(statuses((await records.list())[0])).toEqual(['drain=done', 'reset-node=done']);
  });

  it('after a kill mid-append, reads every whole line and skips the torn one', async () => {
    const { records, dir } = await fileRecords();
    await records.save(run);
    await records.append(RUN, [task('drain', 'done')]);
    const torn = journalLines('any', [task('reset-node', 'done')]).slice(0, 25);
    await appendFile(join(dir, `${RUN}.journal`), torn);
    expect(statuses((await records.list())[0])).toEqual(['drain=done', 'reset-node=pending']);
  });

  it('a record written before journals (no generation) reads as it is', async () => {
    const { records, dir } = await fileRecords();
    await records.save(run);
    await writeFile(join(dir, `${RUN}.json`), JSON.stringify(run));
    await writeFile(join(dir, `${RUN}.journal`), journalLines('old', [task('drain', 'done')]));
    expect(statuses((await records.list())[0])).toEqual(['drain=pending', 'reset-node=pending']);
  });

  it('appends after a restart to the generation of the record on disk', async () => {
    const { records } = await fileRecords();
    await records.save(run);
    const root = dirs[0] ?? '';
    const again = projectRunRecords(
      new FileProjectStore(untitledProject(), join(root, 'lab.kubelab.yaml')),
    );
    await again.append(RUN, [task('drain', 'done')]);
    expect(statuses((await records.list())[0])).toEqual(['drain=done', 'reset-node=pending']);
  });

  it('refuses to append to a run it has no record of, and a run id that is not a file name', async () => {
    const { records } = await fileRecords();
    await expect(records.append(RUN, [task('drain', 'done')])).rejects.toThrow(/no run record/);
    await expect(records.append('../x', [task('drain', 'done')])).rejects.toThrow(/not a run id/);
  });

  it('an untitled project keeps the record and its appended tasks in memory', async () => {
    const records = projectRunRecords(new FileProjectStore());
    await records.save(run);
    await records.append(RUN, [task('drain', 'done')]);
    expect(statuses((await records.list())[0])).toEqual(['drain=done', 'reset-node=pending']);
  });

  it('keeps copies of appended tasks: the run changing them later does not alter the record', async () => {
    // StateWriter hands over the run's live task objects (AppendState), in memory and on disk.
    for (const records of [
      projectRunRecords(new FileProjectStore()),
      (await fileRecords()).records,
    ]) {
      await records.save(run);
      const live = task('drain', 'running');
      await records.append(RUN, [live]);
      live.status = 'failed';
      expect(statuses((await records.list())[0])).toEqual(['drain=running', 'reset-node=pending']);
    }
  });
});
