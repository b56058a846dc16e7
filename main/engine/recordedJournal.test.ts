import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunResult, RunState } from '../../common/model/runEvent';
import { FakeLab } from '../../tests/fakes/fakeRemote';
import { FileProjectStore, untitledProject } from '../store/projectStore';
import { projectRunRecords, runRecordsDir } from '../store/runRecords';
import { RunService } from './runService';
import { scriptCheck, type Step } from './step';
import { exampleOperation } from './testing/exampleOperations';
import { threeNodes } from './testing/scriptedLab';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const steps: Step[] = ['one', 'two', 'three'].map((id) => ({
  id,
  check: scriptCheck(() => ({ script: `# check:${id}\n`, env: {} })),
  apply: () => ({ script: `# apply:${id}\n`, env: {} }),
}));

describe('a run recorded beside the project keeps a journal between whole writes', () => {
  it('mid-run its record is the whole write plus the journal; at the end one whole record', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kubelab-journal-run-'));
    dirs.push(root);
    const project = join(root, 'lab.kubelab.yaml');
    const records = projectRunRecords(new FileProjectStore(untitledProject(), project));
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    // worker2's last step waits until the test has looked at the record mid-run.
    const lab = new FakeLab(() => ({ rules: [{ match: '# check:', reply: { code: 100 } }] }));
    const holdOn = lab.remote('worker2');
    const exec = holdOn.exec.bind(holdOn);
    holdOn.exec = async (command, options) => {
      if (command.includes('# apply:three')) await held;
      return exec(command, options);
    };
    let done: (r: RunResult) => void = () => undefined;
    const finished = new Promise<RunResult>((r) => (done = r));
    const svc = new RunService(
      {
        operations: {
          'join-control-plane': exampleOperation('join-control-plane', steps, { record: 'own' }),
        },
        records,
        clusterRecord: { load: async () => undefined, save: async () => undefined },
        remoteFor: lab.remoteFor,
        target: async () => ({ nodes: threeNodes(), plan: {} }),
      },
      (e) => {
        if (e.type === 'run-finished') done(e.result);
      },
    );
    const { runId } = await svc.start({ operation: 'join-control-plane', params: {} });
    const folder = runRecordsDir(project);
    const whole = async (): Promise<RunState> =>
      JSON.parse(await readFile(join(folder, `${runId}.json`), 'utf8')) as RunState;
    const doneCells = (s: RunState | undefined): number =>
      s?.tasks.filter((t) => t.status === 'done').length ?? 0;

    await expect.poll(async () => doneCells((await records.list())[0]), { timeout: 5000 }).toBe(8);
    expect(await readdir(folder)).toContain(`${runId}.journal`);
    // The whole write alone is behind: what the run did since is in the journal.
    expect(doneCells(await whole())).toBeLessThan(8);

    release();
    expect((await finished).outcome).toBe('succeeded');
    expect(await readdir(folder)).toEqual([`${runId}.json`]);
    const end = await whole();
    expect(end.outcome).toBe('succeeded');
    expect(doneCells(end)).toBe(9);
  });
});
