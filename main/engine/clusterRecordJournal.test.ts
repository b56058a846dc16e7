import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunResult, RunState } from '../../common/model/runEvent';
import type { Project } from '../../common/model/project';
import { FakeLab } from '../../tests/fakes/fakeRemote';
import { FileProjectStore, projectRunStateStore, untitledProject } from '../store/projectStore';
import { projectRunRecords } from '../store/runRecords';
import { RunService } from './runService';
import { scriptCheck, type Step } from './step';
import { exampleOperation } from './testing/exampleOperations';
import { threeNodes } from './testing/scriptedLab';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** The project store, counting its whole writes of the project file. */
class CountingStore extends FileProjectStore {
  wholeWrites = 0;
  override save(path?: string): Promise<string> {
    this.wholeWrites++;
    return super.save(path);
  }
}

const STEPS = 20;
const steps: Step[] = Array.from({ length: STEPS }, (_, i) => `s${i}`).map((id) => ({
  id,
  check: scriptCheck(() => ({ script: `# check:${id}\n`, env: {} })),
  apply: () => ({ script: `# apply:${id}\n`, env: {} }),
}));

const doneCells = (s: RunState | undefined): number =>
  s?.tasks.filter((t) => t.status === 'done').length ?? 0;

describe("the cluster's record (install) through the run service", () => {
  it('a 20-task run writes the project file whole at its start and end only; a kill mid-run keeps every finished task', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kubelab-cluster-journal-'));
    dirs.push(root);
    const file = join(root, 'kubelab.yaml');
    const master = threeNodes().slice(0, 1);
    const store = new CountingStore({ ...untitledProject(), nodes: [] }, file);
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    // The last step waits until the test has read the file as a restarted kubelab would.
    const lab = new FakeLab(() => ({ rules: [{ match: '# check:', reply: { code: 100 } }] }));
    const remote = lab.remote('master1');
    const exec = remote.exec.bind(remote);
    remote.exec = async (command, options) => {
      if (command.includes(`# apply:s${STEPS - 1}\n`)) await held;
      return exec(command, options);
    };
    let done: (r: RunResult) => void = () => undefined;
    const finished = new Promise<RunResult>((r) => (done = r));
    const svc = new RunService(
      {
        operations: { install: exampleOperation('install', steps) },
        records: projectRunRecords(store),
        clusterRecord: projectRunStateStore(store),
        remoteFor: lab.remoteFor,
        target: async () => ({ nodes: master, plan: {} }),
      },
      (e) => {
        if (e.type === 'run-finished') done(e.result);
      },
    );
    await svc.start({ operation: 'install', params: {} });
    const fromDisk = async (): Promise<Project> => new FileProjectStore().open(file);

    await expect
      .poll(async () => doneCells((await fromDisk()).runState), { timeout: 10_000 })
      .toBe(STEPS - 1);
    // Killed here: the file alone is the run's first whole write; its journal holds the rest.
    expect(await readdir(root)).toContain('kubelab.yaml.journal');
    expect(store.wholeWrites).toBe(1);

    release();
    expect((await finished).outcome).toBe('succeeded');
    // Before the journal, each of the 20 tasks' transitions wrote the whole file (40 and more).
    expect(store.wholeWrites).toBeLessThanOrEqual(3);
    expect(await readdir(root)).toEqual(['kubelab.yaml']);
    const end = (await fromDisk()).runState;
    expect(end?.outcome).toBe('succeeded');
    expect(doneCells(end)).toBe(STEPS);
  });
});
