import { describe, expect, it } from 'vitest';
import type { RunEvent, RunResult, RunState } from '../../common/model/runEvent';
import { dispatch } from '../api/dispatch';
import { createBackend } from '../backend';
import { RunService, type RunServiceDeps } from './runService';
import { memoryRunRecords } from './runnable';
import { exampleOperations } from './testing/exampleOperations';
import { examplePlan } from './testing/harness';
import { scriptedLab, threeNodes } from './testing/scriptedLab';
import type { FakeLab } from '../../tests/fakes/fakeRemote';
import { joiningNodes, recordedNodeIds } from '../../common/model/runState';

function service(fail?: (nodeId: string) => boolean): {
  svc: RunService;
  store: { state: RunState | undefined };
  finished: () => Promise<RunResult>;
  events: RunEvent[];
  deps: RunServiceDeps;
  lab: FakeLab;
  applied: Map<string, Set<string>>;
} {
  const { lab, applied } = scriptedLab((id) => ({
    rules: [
      {
        match: '# apply:join-worker',
        reply: () => {
          if (fail?.(id)) return { code: 1, stderr: 'nope\n' };
          applied.get(id)?.add('join-worker');
          return { stdout: 'joined\n' };
        },
      },
    ],
  }));
  const store: { state: RunState | undefined } = { state: undefined };
  const events: RunEvent[] = [];
  const waiters: ((r: RunResult) => void)[] = [];
  const deps: RunServiceDeps = {
    operations: exampleOperations(),
    records: memoryRunRecords(),
    remoteFor: lab.remoteFor,
    clusterRecord: {
      load: async () => structuredClone(store.state),
      save: async (s) => {
        store.state = structuredClone(s);
      },
    },
    target: async () => ({ nodes: threeNodes(), plan: examplePlan }),
  };
  const svc = new RunService(deps, (e) => {
    events.push(e);
    if (e.type === 'run-finished' && !e.result.dryRun) waiters.shift()?.(e.result);
  });
  const finished = (): Promise<RunResult> => new Promise((r) => waiters.push(r));
  return { svc, store, finished, events, deps, lab, applied };
}

describe('RunService', () => {
  it('says what is not configured', async () => {
    const svc = new RunService({}, () => undefined);
    await expect(svc.start({ operation: 'install' })).rejects.toMatchObject({
      code: 'not_configured',
    });
  });

  it('retries one failed task of the saved run', async () => {
    let broken = true;
    const { svc, store, finished } = service((id) => broken && id === 'worker1');
    const done = finished();
    const started = await svc.start({ operation: 'install' });
    await expect(svc.start({ operation: 'install' })).rejects.toMatchObject({
      code: 'run_in_progress',
    });
    const first = await done;
    expect(first.outcome).toBe('failed');
    expect(store.state?.outcome).toBe('failed');

    broken = false;
    const again = finished();
    const retried = await svc.retry({ stepId: 'join-worker', nodeId: 'worker1' });
    expect(retried).toMatchObject({ runId: started.runId, resumed: true });
    expect((await again).outcome).toBe('succeeded');
  });

  it('a user skip counts as done for the next run', async () => {
    const { svc, finished } = service((id) => id === 'worker1');
    const done = finished();
    await svc.start({ operation: 'install' });
    expect((await done).outcome).toBe('failed');
    const skipped = await svc.skip({ stepId: 'join-worker', nodeId: 'worker1' });
    const task = skipped.tasks.find((t) => t.nodeId === 'worker1' && t.stepId === 'join-worker');
    expect(task).toMatchObject({ status: 'skipped', skipReason: 'user' });
    const next = finished();
    expect((await svc.start({ operation: 'install' })).resumed).toBe(true);
    expect((await next).outcome).toBe('succeeded');
  });

  it('cancels the active run and resumes it on the next start', async () => {
    const { svc, store, finished } = service();
    const done = finished();
    const started = await svc.start({ operation: 'install' });
    expect(svc.cancel()).toEqual({ cancelled: true });
    expect((await done).outcome).toBe('cancelled');
    expect(store.state?.outcome).toBe('cancelled');
    const next = finished();
    const resumed = await svc.start({ operation: 'install' });
    expect(resumed).toMatchObject({ runId: started.runId, resumed: true });
    expect((await next).outcome).toBe('succeeded');
    const fresh = finished();
    const third = await svc.start({ operation: 'install' });
    expect(third.resumed).toBe(false);
    expect((await fresh).nodes.every((n) => n.status === 'already-done')).toBe(true);
  });

  it('a run over some nodes (a machine joining) adds to the recorded run, never replaces it', async () => {
    let broken = false;
    const { svc, store, finished, events, deps, lab, applied } = service(
      (id) => broken && id === 'worker1',
    );
    const install = finished();
    await svc.start({ operation: 'install' });
    expect((await install).outcome).toBe('succeeded');
    const worker2 = store.state?.tasks.filter((t) => t.nodeId === 'worker2');
    expect(worker2).toHaveLength(2);

    // worker1 reset (its record forgotten, the machine wiped), then joined back, failing once.
    if (store.state) {
      store.state.tasks = store.state.tasks.filter((t) => t.nodeId !== 'worker1');
    }
    applied.get('worker1')?.clear();
    broken = true;
    const join = finished();
    const joined = await svc.start({
      operation: 'install',
      nodes: ['master1', 'worker1'],
      fresh: true,
    });
    expect((await join).outcome).toBe('failed');
    const begun = events.find((e) => e.type === 'run-started' && e.runId === joined.runId);
    expect(begun?.type === 'run-started' && [...new Set(begun.tasks.map((t) => t.nodeId))]).toEqual(
      ['master1', 'worker1'],
    );
    // The record is this run's, and still has worker2's tasks exactly as they were.
    expect(store.state?.runId).toBe(joined.runId);
    expect(store.state?.tasks.filter((t) => t.nodeId === 'worker2')).toEqual(worker2);
    expect(recordedNodeIds(store.state as RunState)).toEqual(['master1', 'worker1', 'worker2']);

    const applies = (nodeId: string, stepId: string): number =>
      lab.calls.filter((c) => c.nodeId === nodeId && c.command.includes(`# apply:${stepId}`))
        .length;
    const before = ['prepare-os', 'kubeadm-init', 'join-worker'].flatMap((step) =>
      threeNodes().map((n) => applies(n.id, step)),
    );
    // A restarted back end resumes the join: only its nodes, no applied step run again.
    broken = false;
    let resumedDone: (r: RunResult) => void = () => undefined;
    const again = new Promise<RunResult>((r) => (resumedDone = r));
    const restarted = new RunService(deps, (e) => {
      if (e.type === 'run-finished') resumedDone(e.result);
    });
    expect(await restarted.start({ operation: 'install' })).toMatchObject({
      runId: joined.runId,
      resumed: true,
    });
    expect((await again).outcome).toBe('succeeded');
    // Only the failed join ran again (its own attempt); every applied step stayed applied.
    const after = ['prepare-os', 'kubeadm-init', 'join-worker'].flatMap((step) =>
      threeNodes().map(
        (n) => applies(n.id, step) - (step === 'join-worker' && n.id === 'worker1' ? 1 : 0),
      ),
    );
    expect(after).toEqual(before);
    expect(applies('worker2', 'prepare-os')).toBe(1);
    const { state } = await restarted.state();
    expect(state?.outcome).toBe('succeeded');
    expect(state?.tasks.filter((t) => t.nodeId === 'worker2')).toEqual(worker2);
    expect(
      state?.tasks.find((t) => t.nodeId === 'worker1' && t.stepId === 'join-worker'),
    ).toMatchObject({ status: 'done' });
    // Nobody is offered to join: every machine of the project is in the record.
    expect(
      joiningNodes(
        { outcome: state?.outcome, nodeIds: recordedNodeIds(state as RunState) },
        threeNodes(),
      ),
    ).toEqual([]);
  });

  it('a fresh run over every node still replaces the record', async () => {
    const { svc, store, finished } = service();
    const install = finished();
    await svc.start({ operation: 'install' });
    await install;
    store.state?.tasks.push({ stepId: 'prepare-os', nodeId: 'gone', status: 'done', attempts: 1 });
    const fresh = finished();
    const started = await svc.start({ operation: 'install', fresh: true });
    await fresh;
    expect(store.state?.runId).toBe(started.runId);
    expect(store.state?.tasks.some((t) => t.nodeId === 'gone')).toBe(false);
  });

  it('returns a dry run with its rendered scripts', async () => {
    const { svc, store } = service();
    const res = await svc.start({ operation: 'install', dryRun: true, nodes: ['master1'] });
    expect(res.result?.rendered?.map((r) => r.stepId)).toEqual(['prepare-os', 'kubeadm-init']);
    expect(store.state).toBeUndefined();
  });
});

describe('install contract', () => {
  it('validates payloads; by default the operations are built and an empty project is refused', async () => {
    const { handlers } = createBackend({
      face: 'cli',
      settingsStore: { load: async () => ({}), save: async () => undefined } as never,
    });
    const bad = await dispatch(
      handlers,
      'install.retry',
      { stepId: 'x; rm -rf /', nodeId: 'n1' },
      { face: 'cli' },
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_payload', field: 'stepId' } });
    const start = await dispatch(handlers, 'run.start', { operation: 'install' }, { face: 'cli' });
    // Nothing to install in an untitled, empty project: refused before anything is sent.
    expect(start).toMatchObject({ ok: false, error: { code: 'invalid_plan' } });
    const state = await dispatch(handlers, 'install.state', {}, { face: 'cli' });
    expect(state).toEqual({ ok: true, value: { active: false, state: null } });
  });
});
