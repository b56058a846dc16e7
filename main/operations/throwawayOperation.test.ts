// A new operation touches no engine file: the throwaway operation (tests/fixtures/operations)
// runs through the run service, is recorded beside the project, and resumes after a kill.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunResult, RunState } from '../../common/model/runEvent';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { FakeLab } from '../../tests/fakes/fakeRemote';
import { throwawayOperation } from '../../tests/fixtures/operations/throwaway';
import { RunService } from '../engine/runService';
import { projectRunDeps } from '../handlers/projectRunService';
import { saveProject } from '../store/projectFile';
import { FileProjectStore } from '../store/projectStore';
import { readRecords, runRecordsDir } from '../store/runRecords';
import { OPERATION_DEFS } from '.';
import type { OperationDef } from './operation';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubelab-throwaway-'));
  file = join(dir, 'kubelab.yaml');
  await saveProject(file, { schemaVersion: 1, nodes: guideNodes(), plan: guidePlan() });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** One back end over the project file, with the throwaway operation registered. */
async function backEnd(
  lab: FakeLab,
  operation: OperationDef = throwawayOperation as OperationDef,
  registry: typeof OPERATION_DEFS = OPERATION_DEFS,
): Promise<{
  svc: RunService;
  finished: () => Promise<RunResult>;
}> {
  const store = new FileProjectStore();
  await store.open(file);
  const waiters: ((r: RunResult) => void)[] = [];
  const svc = new RunService(
    {
      ...projectRunDeps(store, 'web'),
      // The "killed" back end never releases its lock; the next one is another process.
      lock: undefined,
      operations: {
        ...registry,
        'join-control-plane': operation,
      },
      remoteFor: lab.remoteFor,
    },
    (e) => {
      if (e.type === 'run-finished' && !e.result.dryRun) waiters.shift()?.(e.result);
    },
  );
  return { svc, finished: () => new Promise((r) => waiters.push(r)) };
}

/** The runs recorded beside the project, as their readers see them (journal replayed). */
function records(): Promise<RunState[]> {
  return readRecords(runRecordsDir(file));
}

const hello = (lab: FakeLab, nodeId: string): number =>
  lab.calls.filter((c) => c.nodeId === nodeId && c.command.includes('# apply:throwaway-hello'))
    .length;

describe('a throwaway operation added in a fixture', () => {
  it('validates its params (naming params.<field>) and refuses an operation not built', async () => {
    const lab = new FakeLab();
    const { svc } = await backEnd(lab);
    await expect(
      svc.start({ operation: 'join-control-plane', params: { greeting: 'Hi!' } }),
    ).rejects.toMatchObject({ code: 'invalid_payload', field: 'params.greeting' });
    const { 'backup-etcd': _built, ...withoutBackup } = OPERATION_DEFS;
    const { svc: without } = await backEnd(lab, throwawayOperation as OperationDef, withoutBackup);
    await expect(without.start({ operation: 'backup-etcd', params: {} })).rejects.toMatchObject({
      code: 'not_built',
      field: 'operation',
    });
    expect(lab.calls).toEqual([]);
  });

  it('runs through the run service, recorded with its params beside the project', async () => {
    const lab = new FakeLab();
    const { svc, finished } = await backEnd(lab);
    const done = finished();
    const started = await svc.start({
      operation: 'join-control-plane',
      params: { greeting: 'hi' },
    });
    expect((await done).outcome).toBe('succeeded');
    const [record] = await records();
    expect(record).toMatchObject({
      runId: started.runId,
      kind: 'join-control-plane',
      params: { greeting: 'hi' },
      outcome: 'succeeded',
    });
    expect(record?.tasks.map((t) => `${t.stepId}/${t.nodeId}`)).toEqual(
      guideNodes().map((n) => `throwaway-hello/${n.id}`),
    );
    const call = lab.calls.find((c) => c.command.includes('# apply:throwaway-hello'));
    expect(call?.env?.GREETING).toBe('hi');
    // The cluster's record (the project's run section) is not this run.
    const store = new FileProjectStore();
    await store.open(file);
    expect(store.get().runState).toBeUndefined();
  });

  it('resumes after the back end is killed: same run, finished cells not run again', async () => {
    const [first, second] = guideNodes();
    if (!first || !second) throw new Error('guideNodes changed');
    // The first back end's call on the second machine never answers: it is killed meanwhile.
    const lab = new FakeLab((id) => ({
      rules: [{ match: '# apply:throwaway-hello', delayMs: id === second.id ? 60_000 : 0 }],
    }));
    const killed = await backEnd(lab);
    const started = await killed.svc.start({
      operation: 'join-control-plane',
      params: { greeting: 'hi' },
      concurrency: 1,
    });
    await expect.poll(() => hello(lab, second.id), { timeout: 5000 }).toBe(1);
    const [crash] = await records();
    expect(crash?.outcome).toBeUndefined();
    expect(crash?.tasks.find((t) => t.nodeId === first.id)?.status).toBe('done');

    const after = new FakeLab();
    const restarted = await backEnd(after);
    // Other params are another run: not a resume.
    const other = await restarted.svc.start({
      operation: 'join-control-plane',
      params: { greeting: 'yo' },
      dryRun: true,
    });
    expect(other.resumed).toBe(false);
    const done = restarted.finished();
    const resumed = await restarted.svc.start({
      operation: 'join-control-plane',
      params: { greeting: 'hi' },
    });
    expect(resumed).toMatchObject({ runId: started.runId, resumed: true });
    expect((await done).outcome).toBe('succeeded');
    expect(hello(after, first.id)).toBe(0);
    expect(hello(after, second.id)).toBe(1);
    expect(hello(lab, second.id)).toBe(1);
    // The dead back end's dangling call ends (its writes must not outlive the test's folder).
    killed.svc.cancel();
    await killed.svc.wait();
  });

  it('runs one machine at a time when the operation says so (renew-certs: concurrency 1)', async () => {
    /** The most hello applies in flight at once, for an operation with this concurrency. */
    const mostAtOnce = async (concurrency: number | undefined): Promise<number> => {
      let inFlight = 0;
      let most = 0;
      // A rule's matcher runs as the call starts and its reply once its delay is over.
      const lab = new FakeLab(() => ({
        rules: [
          {
            match: (command: string) => {
              if (!command.includes('# apply:throwaway-hello')) return false;
              inFlight += 1;
              most = Math.max(most, inFlight);
              return true;
            },
            delayMs: 200,
            reply: () => {
              inFlight -= 1;
              return {};
            },
          },
        ],
      }));
      const { svc, finished } = await backEnd(lab, {
        ...(throwawayOperation as OperationDef),
        concurrency,
      });
      const done = finished();
      await svc.start({ operation: 'join-control-plane', params: { greeting: 'hi' }, fresh: true });
      expect((await done).outcome).toBe('succeeded');
      return most;
    };
    expect(await mostAtOnce(1)).toBe(1);
    expect(await mostAtOnce(undefined)).toBeGreaterThan(1);
  });
});
