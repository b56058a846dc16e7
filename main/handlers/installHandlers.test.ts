import { describe, expect, it, vi } from 'vitest';
import type { RunEvent, RunResult, RunState } from '../../common/model/runEvent';
import { EventBus } from '../api/eventBus';
import { memoryRunRecords, type RunRecordStore } from '../engine/runnable';
import type { RunServiceDeps } from '../engine/runService';
import { OPERATION_DEFS } from '../operations';
import type { OperationDef } from '../operations/operation';
import { scriptCheck, type Step } from '../engine/step';
import { exampleSteps } from '../engine/testing/exampleSteps';
import { scriptedLab, threeNodes } from '../engine/testing/scriptedLab';
import { createInstallHandlers } from './installHandlers';
import { createProjectRunService, type RunDeps } from './projectRunService';
import { createRunHandlers } from './runHandlers';
import { joiningNodes, recordedNodeIds } from '../../common/model/runState';

const ctx = { face: 'web' } as const;
const plan = { clusterName: 'kubernetes', version: '1.30.2', podCidr: '10.10.0.0/16' };
const script = (what: string): string => `#!/usr/bin/env bash\n# ${what}\n`;
const resetStep = (id: string): Step => ({
  id,
  check: scriptCheck(() => ({ script: script(`check:${id}`), env: {} })),
  apply: () => ({ script: script(`apply:${id}`), env: {} }),
});

/** run.start and install.* over one run service, as createBackend wires them. */
function runHandlersOver(deps: RunDeps, bus: EventBus) {
  const service = createProjectRunService(deps, bus);
  return { ...createRunHandlers(service), ...createInstallHandlers(service) };
}
type RunAndInstallHandlers = ReturnType<typeof runHandlersOver>;

type StartRequest = Parameters<RunAndInstallHandlers['run.start']>[0];

/** A run.start payload as dispatch hands it over (its defaults filled in). */
function startOf(req: Pick<StartRequest, 'operation'> & Partial<StartRequest>): StartRequest {
  return { dryRun: false, probe: false, fresh: false, ...req };
}

/** The reset the UI starts: reset-node for a machine, reset-cluster without one. */
function resetOf(nodeId: string | undefined, confirm: string): StartRequest {
  return nodeId === undefined
    ? startOf({ operation: 'reset-cluster', confirm })
    : startOf({ operation: 'reset-node', params: { nodeId }, confirm });
}

/** The recorded install: every example step done on every node. */
function installed(): RunState {
  const tasks = [
    ...threeNodes().map((n) => ({ stepId: 'prepare-os', nodeId: n.id })),
    { stepId: 'kubeadm-init', nodeId: 'master1' },
    { stepId: 'join-worker', nodeId: 'worker1' },
    { stepId: 'join-worker', nodeId: 'worker2' },
  ];
  return {
    runId: 'r-install',
    startedAt: '2026-11-26T10:00:00.000Z',
    finishedAt: '2026-11-26T10:20:00.000Z',
    outcome: 'succeeded',
    tasks: tasks.map((t) => ({ ...t, status: 'done', attempts: 1 })),
  };
}

type Drain = NonNullable<OperationDef['prelude']>;

/** The operations as the back end has them, over the test's step lists and drain. */
function operations(drain: Drain): RunServiceDeps['operations'] {
  const def = (id: 'install' | 'add-node' | 'reset-node' | 'reset-cluster'): OperationDef => {
    const built = OPERATION_DEFS[id];
    if (!built) throw new Error(`${id} is not built`);
    return built;
  };
  return {
    install: { ...def('install'), steps: () => exampleSteps },
    'add-node': {
      ...def('add-node'),
      steps: () => [{ ...resetStep('add-node'), appliesTo: ['worker'] }],
    },
    'reset-node': { ...def('reset-node'), steps: () => [resetStep('reset-node')], prelude: drain },
    'reset-cluster': { ...def('reset-cluster'), steps: () => [resetStep('reset-cluster')] },
  };
}

function setup(
  resetFails: () => boolean = () => false,
  records: RunRecordStore = memoryRunRecords(),
): {
  handlers: RunAndInstallHandlers;
  /** The same back end's handlers again, as after a restart (same project and records). */
  restart: () => RunAndInstallHandlers;
  store: { state: RunState | undefined };
  events: RunEvent[];
  finished: () => Promise<RunResult>;
  drain: ReturnType<typeof vi.fn<Drain>>;
  applied: Map<string, Set<string>>;
} {
  const { lab, applied } = scriptedLab(() => ({
    rules: [
      {
        match: (cmd) => cmd.includes('# apply:reset-node') && resetFails(),
        reply: { code: 1, stderr: 'kubeadm reset: device busy\n' },
      },
    ],
  }));
  const store: { state: RunState | undefined } = { state: installed() };
  const drain = vi.fn<Drain>(async (params) => {
    const nodeId = (params as { nodeId: string }).nodeId;
    return { text: `drained ${nodeId}\n`, stepId: 'reset-node', nodeId };
  });
  const deps: RunServiceDeps = {
    operations: operations(drain),
    records,
    remoteFor: lab.remoteFor,
    clusterRecord: {
      load: async () => structuredClone(store.state),
      save: async (s) => {
        store.state = structuredClone(s);
      },
      clear: async () => {
        store.state = undefined;
      },
    },
    target: async () => ({ nodes: threeNodes(), plan }),
  };
  const bus = new EventBus();
  const events: RunEvent[] = [];
  const waiters: ((r: RunResult) => void)[] = [];
  bus.subscribe((name, payload) => {
    if (name !== 'install.event') return;
    const event = payload as RunEvent;
    events.push(event);
    if (event.type === 'run-finished') waiters.shift()?.(event.result);
  });
  const handlers = runHandlersOver(deps, bus);
  const restart = (): RunAndInstallHandlers => runHandlersOver(deps, bus);
  const finished = (): Promise<RunResult> => new Promise((r) => waiters.push(r));
  return { handlers, restart, store, events, finished, drain, applied };
}

describe('run.start of a reset', () => {
  it('refuses unless confirm is the plan’s cluster name, naming the field, and runs nothing', async () => {
    const { handlers, store, events, drain } = setup();
    for (const confirm of ['', 'Kubernetes', 'kubernetes ']) {
      await expect(handlers['run.start'](resetOf('worker1', confirm), ctx)).rejects.toMatchObject({
        code: 'not_confirmed',
        field: 'confirm',
      });
      await expect(handlers['run.start'](resetOf(undefined, confirm), ctx)).rejects.toMatchObject({
        field: 'confirm',
      });
    }
    expect(events).toEqual([]);
    expect(drain).not.toHaveBeenCalled();
    expect(store.state).toEqual(installed());
  });

  it('refuses a node that is not in the project', async () => {
    const { handlers } = setup();
    await expect(handlers['run.start'](resetOf('ghost', 'kubernetes'), ctx)).rejects.toMatchObject({
      code: 'not_found',
      field: 'params.nodeId',
    });
  });

  it('resets one node with the reset-node steps: drained first, on the install’s event stream', async () => {
    const { handlers, store, events, finished, drain, applied } = setup();
    const done = finished();
    const started = await handlers['run.start'](resetOf('worker1', 'kubernetes'), ctx);
    expect(started).toMatchObject({ dryRun: false, resumed: false });
    const result = await done;
    expect(result.outcome).toBe('succeeded');
    expect(drain).toHaveBeenCalledOnce();
    expect(drain.mock.calls[0]?.[0]).toEqual({ nodeId: 'worker1' });
    const begun = events.find((e) => e.type === 'run-started');
    expect(
      begun?.type === 'run-started' && begun.tasks.map((t) => t.stepId + '/' + t.nodeId),
    ).toEqual(['reset-node/worker1']);
    expect(applied.get('worker1')?.has('reset-node')).toBe(true);
    expect(applied.get('master1')?.has('reset-node') ?? false).toBe(false);
    // The drain's report is on the reset cell's log, after run-started.
    const log = events.find((e) => e.type === 'log' && e.chunk.includes('drained worker1'));
    expect(log).toMatchObject({ runId: started.runId, stepId: 'reset-node', nodeId: 'worker1' });
    expect(events.indexOf(begun as RunEvent)).toBeLessThan(events.indexOf(log as RunEvent));
    // The install's record keeps its run and the other nodes; the reset node is forgotten.
    expect(store.state?.runId).toBe('r-install');
    expect(store.state?.outcome).toBe('succeeded');
    expect(store.state?.tasks.some((t) => t.nodeId === 'worker1')).toBe(false);
    expect(store.state?.tasks).toEqual(installed().tasks.filter((t) => t.nodeId !== 'worker1'));
    expect(await handlers['install.state']({}, ctx)).toMatchObject({ active: false });
  });

  it('resets the cluster with the reset-cluster steps on every node, and forgets the install', async () => {
    const { handlers, store, events, finished, drain, applied } = setup();
    const done = finished();
    await handlers['run.start'](resetOf(undefined, 'kubernetes'), ctx);
    expect((await done).outcome).toBe('succeeded');
    expect(drain).not.toHaveBeenCalled();
    const begun = events.find((e) => e.type === 'run-started');
    expect(begun?.type === 'run-started' && begun.tasks.map((t) => t.stepId).sort()).toEqual([
      'reset-cluster',
      'reset-cluster',
      'reset-cluster',
    ]);
    for (const n of threeNodes()) expect(applied.get(n.id)?.has('reset-cluster')).toBe(true);
    expect(store.state).toBeUndefined();
  });

  it('is one run at a time with the install', async () => {
    const { handlers, finished } = setup();
    const done = finished();
    await handlers['run.start'](startOf({ operation: 'install', fresh: true }), ctx);
    await expect(
      handlers['run.start'](resetOf('worker1', 'kubernetes'), ctx),
    ).rejects.toMatchObject({ code: 'run_in_progress' });
    await done;
  });
});

describe('joining a reset node back', () => {
  it('run.start of the install on the control plane and the node adds to the record: the others stay done', async () => {
    const { handlers, finished } = setup();
    const reset = finished();
    await handlers['run.start'](resetOf('worker1', 'kubernetes'), ctx);
    await reset;
    const join = finished();
    const joined = await handlers['run.start'](
      startOf({ operation: 'install', nodes: ['master1', 'worker1'], fresh: true }),
      ctx,
    );
    expect((await join).outcome).toBe('succeeded');
    const { state } = await handlers['install.state']({}, ctx);
    expect(state?.runId).toBe(joined.runId);
    expect(state?.tasks.filter((t) => t.nodeId === 'worker2')).toEqual(
      installed().tasks.filter((t) => t.nodeId === 'worker2'),
    );
    expect(
      state?.tasks.find((t) => t.stepId === 'join-worker' && t.nodeId === 'worker1'),
    ).toMatchObject({
      status: 'done',
    });
    const nodeIds = state ? recordedNodeIds(state) : [];
    expect(nodeIds).toEqual(['master1', 'worker1', 'worker2']);
    expect(joiningNodes({ outcome: state?.outcome, nodeIds }, threeNodes())).toEqual([]);
  });
});

describe('install.retry on a failed reset cell', () => {
  it('retries the last reset’s task: drained again, the same run, and the record updated after', async () => {
    let broken = true;
    const { handlers, store, events, finished, drain, applied } = setup(() => broken);
    const first = finished();
    const started = await handlers['run.start'](resetOf('worker1', 'kubernetes'), ctx);
    expect((await first).outcome).toBe('failed');

    broken = false;
    const again = finished();
    const retried = await handlers['install.retry'](
      { stepId: 'reset-node', nodeId: 'worker1' },
      ctx,
    );
    expect(retried).toMatchObject({ runId: started.runId, dryRun: false, resumed: true });
    expect((await again).outcome).toBe('succeeded');
    expect(drain).toHaveBeenCalledTimes(2);
    expect(applied.get('worker1')?.has('reset-node')).toBe(true);
    const begun = events.filter((e) => e.type === 'run-started');
    expect(begun.map((e) => e.type === 'run-started' && e.resumed)).toEqual([false, true]);
    expect(
      begun[1]?.type === 'run-started' && begun[1].tasks.map((t) => `${t.stepId}/${t.nodeId}`),
    ).toEqual(['reset-node/worker1']);
    // The install's record, minus the reset node, as after any reset.
    expect(store.state?.runId).toBe('r-install');
    expect(store.state?.tasks).toEqual(installed().tasks.filter((t) => t.nodeId !== 'worker1'));
    await expect(
      handlers['install.retry']({ stepId: 'reset-node', nodeId: 'worker1' }, ctx),
    ).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('after a back-end restart, the recorded reset is retried: same run, same operation', async () => {
    let broken = true;
    const { handlers, restart, store, events, finished } = setup(() => broken);
    const reset = finished();
    const started = await handlers['run.start'](resetOf('worker1', 'kubernetes'), ctx);
    expect((await reset).outcome).toBe('failed');
    // The install's record is untouched by a failed reset.
    expect(store.state).toEqual(installed());
    broken = false;
    const again = finished();
    const retried = await restart()['install.retry'](
      { stepId: 'reset-node', nodeId: 'worker1' },
      ctx,
    );
    expect(retried).toMatchObject({ runId: started.runId, resumed: true });
    expect((await again).outcome).toBe('succeeded');
    const begun = events.filter((e) => e.type === 'run-started').at(-1);
    expect(begun?.type === 'run-started' && begun.operation).toBe('reset-node');
    expect(store.state?.tasks).toEqual(installed().tasks.filter((t) => t.nodeId !== 'worker1'));
  });
});

describe('the faces’ operations', () => {
  it('are kubelab reset’s: reset-node for a node (drained first), reset-cluster for the cluster', () => {
    const target = { nodes: threeNodes(), plan };
    expect(
      OPERATION_DEFS['reset-node']?.steps({ nodeId: 'worker1' }, target).map((s) => s.id),
    ).toEqual(['reset-node']);
    expect(OPERATION_DEFS['reset-cluster']?.steps({}, target).map((s) => s.id)).toEqual([
      'reset-cluster',
    ]);
    expect(OPERATION_DEFS['reset-node']?.prelude).toBeTypeOf('function');
  });
});

describe('add-node from the contract', () => {
  it('runs the add-node operation: its own steps, recorded as add-node, said by run-started', async () => {
    const { handlers, store, events, finished, applied } = setup();
    const done = finished();
    await handlers['run.start'](
      startOf({ operation: 'add-node', params: { nodeIds: ['worker2'] } }),
      ctx,
    );
    expect((await done).outcome).toBe('succeeded');
    const started = events.find((e) => e.type === 'run-started');
    expect(started?.type === 'run-started' && started.operation).toBe('add-node');
    expect(store.state?.kind).toBe('add-node');
    // Only the add-node list ran, on the selected worker: not the install's steps.
    expect([...(applied.get('worker2') ?? [])]).toEqual(['add-node']);
    expect(applied.get('worker1')).toBeUndefined();
    expect(store.state?.tasks.filter((t) => t.stepId === 'add-node').map((t) => t.nodeId)).toEqual([
      'worker2',
    ]);
  });
});
