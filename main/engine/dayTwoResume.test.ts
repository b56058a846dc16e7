import type { OperationId } from '../../common/catalog/operations';
// A day-2 run of the CLI (`kubelab add-node`, `kubelab reset`) is recorded like the install's
// (RunState.kind names its command) and only that command, over the same nodes, resumes it.
import { describe, expect, it } from 'vitest';
import type { RunResult, RunState } from '../../common/model/runEvent';
import { RunService, type RunServiceDeps, type RunStateStore } from './runService';
import { memoryRunRecords } from './runnable';
import { exampleOperations } from './testing/exampleOperations';
import { continuesRun } from './resume';
import { examplePlan } from './testing/harness';
import { scriptedLab, threeNodes } from './testing/scriptedLab';

describe('continuesRun', () => {
  const saved = (kind: OperationId | undefined, nodes?: string[]): RunState => ({
    runId: 'r1',
    startedAt: '2026-01-01T00:00:00.000Z',
    ...(kind === undefined ? {} : { kind }),
    ...(nodes ? { select: { nodes } } : {}),
    tasks: [],
  });

  it('the install resumes what it recorded, whatever the selection', () => {
    expect(continuesRun(saved(undefined), {})).toBe(true);
    expect(continuesRun(saved(undefined, ['m', 'w1']), {})).toBe(true);
    expect(continuesRun(saved(undefined), { nodes: ['m'] })).toBe(true);
  });

  it('never picks up a run of another kind', () => {
    expect(continuesRun(saved('add-node', ['m', 'w1']), {})).toBe(false);
    expect(continuesRun(saved(undefined), { kind: 'add-node', nodes: ['m', 'w1'] })).toBe(false);
    expect(continuesRun(saved('reset-node', ['w1']), { kind: 'add-node', nodes: ['w1'] })).toBe(
      false,
    );
  });

  it('a day-2 run only over the same nodes', () => {
    const run = saved('add-node', ['m', 'w1']);
    expect(continuesRun(run, { kind: 'add-node', nodes: ['m', 'w1'] })).toBe(true);
    expect(continuesRun(run, { kind: 'add-node', nodes: ['m', 'w2'] })).toBe(false);
    expect(continuesRun(run, { kind: 'add-node' })).toBe(false);
    expect(continuesRun(saved('reset-cluster'), { kind: 'reset-cluster' })).toBe(true);
    expect(continuesRun(saved('reset-cluster'), { kind: 'reset-cluster', nodes: ['w1'] })).toBe(
      false,
    );
    expect(continuesRun(saved('reset-node', ['w1']), { kind: 'reset-cluster' })).toBe(false);
    expect(continuesRun(saved('install'), {})).toBe(true);
  });
});

/** A project's run-state slot that a "killed" process stops writing to. */
function projectSlot(): RunStateStore & {
  state?: RunState;
  freezeWhen?: (s: RunState) => boolean;
} {
  const slot: RunStateStore & { state?: RunState; freezeWhen?: (s: RunState) => boolean } = {
    load: async () => structuredClone(slot.state),
    save: async (s) => {
      if (slot.freezeWhen === undefined) slot.state = structuredClone(s);
      else if (slot.freezeWhen(s)) {
        slot.state = structuredClone(s);
        slot.freezeWhen = () => false; // dead: nothing more reaches the file
      }
    },
  };
  return slot;
}

function runner(slot: RunStateStore, remoteFor: RunServiceDeps['remoteFor']) {
  const waiters: ((r: RunResult) => void)[] = [];
  const svc = new RunService(
    {
      operations: exampleOperations(),
      records: memoryRunRecords(),
      remoteFor,
      clusterRecord: slot,
      target: async () => ({ nodes: threeNodes(), plan: examplePlan }),
    },
    (e) => {
      if (e.type === 'run-finished' && !e.result.dryRun) waiters.shift()?.(e.result);
    },
  );
  const finished = (): Promise<RunResult> => new Promise((r) => waiters.push(r));
  return { svc, finished };
}

/** The process "dies" once worker1 is prepared: that state is the last written, the run stops. */
function killWhenPrepared(svc: RunService): (s: RunState) => boolean {
  return (s) => {
    const hit = s.tasks.some(
      (t) => t.nodeId === 'worker1' && t.stepId === 'prepare-os' && t.status === 'done',
    );
    if (hit) svc.cancel();
    return hit;
  };
}

describe('a day-2 run killed half-way', () => {
  it('is resumed by the same command over the same nodes, nothing applied twice', async () => {
    const { lab, applied } = scriptedLab();
    const slot = projectSlot();
    const first = runner(slot, lab.remoteFor);
    const install = first.finished();
    await first.svc.start({ operation: 'install' });
    expect((await install).outcome).toBe('succeeded');
    const worker2 = slot.state?.tasks.filter((t) => t.nodeId === 'worker2');

    // worker1 wiped and forgotten, then added back by a run that is killed once it is prepared.
    if (slot.state) slot.state.tasks = slot.state.tasks.filter((t) => t.nodeId !== 'worker1');
    applied.get('worker1')?.clear();
    const killed = runner(slot, lab.remoteFor);
    slot.freezeWhen = killWhenPrepared(killed.svc);
    const dead = killed.finished();
    const day2 = await killed.svc.start({ operation: 'add-node', nodes: ['master1', 'worker1'] });
    await dead;
    const crash = structuredClone(slot.state) as RunState;
    expect(crash).toMatchObject({ runId: day2.runId, kind: 'add-node' });
    expect(crash.outcome).toBeUndefined();
    expect(crash.tasks.filter((t) => t.nodeId === 'worker2')).toEqual(worker2);
    expect(
      crash.tasks.find((t) => t.nodeId === 'worker1' && t.stepId === 'join-worker'),
    ).toMatchObject({
      status: 'pending',
    });
    slot.freezeWhen = undefined;

    const applies = (step: string): number =>
      lab.calls.filter((c) => c.nodeId === 'worker1' && c.command.includes(`# apply:${step}`))
        .length;
    expect(applies('prepare-os')).toBe(2); // the install's, and the killed run's
    expect(applies('join-worker')).toBe(1); // the install's only: the kill came first
    const again = runner(slot, lab.remoteFor);
    const done = again.finished();
    const resumed = await again.svc.start({ operation: 'add-node', nodes: ['master1', 'worker1'] });
    expect(resumed).toMatchObject({ runId: day2.runId, resumed: true });
    expect((await done).outcome).toBe('succeeded');
    expect(applies('prepare-os')).toBe(2);
    expect(applies('join-worker')).toBe(2);
    expect(slot.state).toMatchObject({ runId: day2.runId, kind: 'add-node', outcome: 'succeeded' });
    expect(slot.state?.tasks.filter((t) => t.nodeId === 'worker2')).toEqual(worker2);
  });

  it('is not resumed by the install, which starts a run of its own', async () => {
    const { lab } = scriptedLab();
    const slot = projectSlot();
    const killed = runner(slot, lab.remoteFor);
    slot.freezeWhen = killWhenPrepared(killed.svc);
    const dead = killed.finished();
    const day2 = await killed.svc.start({ operation: 'add-node', nodes: ['master1', 'worker1'] });
    await dead;
    expect(slot.state?.outcome).toBeUndefined();
    slot.freezeWhen = undefined;
    const apply = runner(slot, lab.remoteFor);
    const done = apply.finished();
    const started = await apply.svc.start({ operation: 'install' });
    expect(started.resumed).toBe(false);
    expect(started.runId).not.toBe(day2.runId);
    expect((await done).outcome).toBe('succeeded');
    expect(slot.state?.kind).toBe('install');
    expect(new Set(slot.state?.tasks.map((t) => t.nodeId))).toEqual(
      new Set(['master1', 'worker1', 'worker2']),
    );
  });
});
