import type { OperationId } from '../../../common/catalog/operations';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../common/model/runEvent';
import { applyEvents, EMPTY_RUN, finishedAtOf } from './runReducer';

const time = '2026-01-01T00:00:00.000Z';

describe('applyEvents', () => {
  it('follows a run from start to finish in one batch and ignores dry runs and other runs', () => {
    const events: RunEvent[] = [
      {
        runId: 'dry',
        time,
        type: 'run-started',
        operation: 'install',
        dryRun: true,
        resumed: false,
        tasks: [],
      },
      {
        runId: 'r1',
        time,
        type: 'run-started',
        operation: 'install',
        dryRun: false,
        resumed: false,
        tasks: [{ stepId: 'prepare-os', nodeId: 'n1', status: 'pending', attempts: 0 }],
      },
      {
        runId: 'r1',
        time,
        type: 'task-state',
        stepId: 'prepare-os',
        nodeId: 'n1',
        status: 'running',
        attempt: 1,
      },
      {
        runId: 'r1',
        time,
        type: 'log',
        stepId: 'prepare-os',
        nodeId: 'n1',
        stream: 'stdout',
        chunk: 'swapoff -a',
      },
      {
        runId: 'other',
        time,
        type: 'task-state',
        stepId: 'prepare-os',
        nodeId: 'n9',
        status: 'failed',
        attempt: 1,
      },
      {
        runId: 'r1',
        time,
        type: 'task-state',
        stepId: 'prepare-os',
        nodeId: 'n2',
        status: 'failed',
        attempt: 1,
        durationMs: 1500,
        error: { code: 'step_failed', message: 'boom' },
      },
      {
        runId: 'r1',
        time,
        type: 'run-finished',
        result: {
          runId: 'r1',
          dryRun: false,
          outcome: 'failed',
          nodes: [],
          error: { code: 'x', message: 'failed on 1 node' },
        },
      },
    ];
    const before = { ...EMPTY_RUN };
    const after = applyEvents(before, events);
    expect(after.runId).toBe('r1');
    expect(after.nodeIds).toEqual(['n1', 'n2']);
    expect(after.cells['prepare-os/n1']?.status).toBe('running');
    expect(after.cells['prepare-os/n2']).toMatchObject({ status: 'failed', durationMs: 1500 });
    expect(after.logs['prepare-os/n1']?.lines).toEqual(['swapoff -a']);
    expect(after).toMatchObject({ active: false, outcome: 'failed', runError: 'failed on 1 node' });
    // The run's end, which check results taken before a later success are compared with.
    expect(after.finishedAt).toBe(time);
    const resumed = applyEvents(after, [
      { ...events[1], time: '2026-01-01T01:00:00.000Z' },
    ] as RunEvent[]);
    expect(resumed.finishedAt).toBeUndefined();
    // The previous state object is untouched (React compares by reference).
    expect(before.cells).toEqual({});
  });

  // How fast is bench/ui-scale's to measure (bench/RESULTS.md), not a timed test's.
  it('applies a thousand events over 100 × 25 cells in batches', () => {
    const nodes = Array.from({ length: 100 }, (_, i) => `n${i}`);
    const steps = Array.from({ length: 25 }, (_, i) => `s${i}`);
    let data = applyEvents(EMPTY_RUN, [
      {
        runId: 'r',
        time,
        type: 'run-started',
        operation: 'install',
        dryRun: false,
        resumed: false,
        tasks: steps.flatMap((stepId) =>
          nodes.map((nodeId) => ({ stepId, nodeId, status: 'pending' as const, attempts: 0 })),
        ),
      },
    ]);
    const events: RunEvent[] = Array.from({ length: 1000 }, (_, i) => ({
      runId: 'r',
      time,
      type: 'task-state' as const,
      stepId: steps[i % 25] ?? 's0',
      nodeId: nodes[i % 100] ?? 'n0',
      status: 'done' as const,
      attempt: 1,
      durationMs: 10,
    }));
    for (let frame = 0; frame < 60; frame++) data = applyEvents(data, events.slice(0, 17));
    data = applyEvents(data, events);
    expect(data.cells['s0/n0']?.status).toBe('ok');
    // The thousand events land on 100 distinct cells (step i % 25 × node i % 100); the rest wait.
    const statuses = Object.values(data.cells).map((c) => c.status);
    expect(statuses.filter((s) => s === 'ok')).toHaveLength(100);
    expect(statuses).toHaveLength(2500);
  });

  it("takes the run's operation from run-started, not from its steps", () => {
    const started = (operation: OperationId, stepIds: string[]): RunEvent => ({
      runId: 'r',
      time,
      type: 'run-started',
      operation,
      dryRun: false,
      resumed: false,
      tasks: stepIds.map((stepId) => ({ stepId, nodeId: 'n1', status: 'pending', attempts: 0 })),
    });
    expect(applyEvents(EMPTY_RUN, [started('reset-node', ['reset-node'])]).kind).toBe('reset-node');
    expect(applyEvents(EMPTY_RUN, [started('reset-cluster', ['reset-cluster'])]).kind).toBe(
      'reset-cluster',
    );
    const install = applyEvents(EMPTY_RUN, [started('install', ['prepare-os', 'join-node'])]);
    expect(install.kind).toBe('install');
    // add-node runs the install's first steps too: only the event can tell it apart.
    expect(applyEvents(install, [started('add-node', ['prepare-os', 'add-node'])]).kind).toBe(
      'add-node',
    );
  });

  it('keeps unchanged cells, steps and nodes by identity, so only changed cells re-render', () => {
    const started = applyEvents(EMPTY_RUN, [
      {
        runId: 'r1',
        time,
        type: 'run-started',
        operation: 'install',
        dryRun: false,
        resumed: false,
        tasks: [
          { stepId: 'prepare-os', nodeId: 'n1', status: 'pending', attempts: 0 },
          { stepId: 'prepare-os', nodeId: 'n2', status: 'pending', attempts: 0 },
        ],
      },
    ]);
    const next = applyEvents(started, [
      {
        runId: 'r1',
        time,
        type: 'task-state',
        stepId: 'prepare-os',
        nodeId: 'n1',
        status: 'running',
        attempt: 1,
      },
    ]);
    expect(next.cells).not.toBe(started.cells);
    expect(next.cells['prepare-os/n1']?.status).toBe('running');
    expect(next.cells['prepare-os/n2']).toBe(started.cells['prepare-os/n2']);
    expect(next.stepIds).toBe(started.stepIds);
    expect(next.nodeIds).toBe(started.nodeIds);
    const grown = applyEvents(next, [
      {
        runId: 'r1',
        time,
        type: 'task-state',
        stepId: 'join-node',
        nodeId: 'n3',
        status: 'running',
        attempt: 1,
      },
    ]);
    expect(grown.stepIds).toEqual(['prepare-os', 'join-node']);
    expect(grown.nodeIds).toEqual(['n1', 'n2', 'n3']);
    expect(next.stepIds).toEqual(['prepare-os']);
  });
});

describe('finishedAtOf', () => {
  it('takes the record’s own end, else its last task’s', () => {
    const tasks = [
      {
        stepId: 'a',
        nodeId: 'n1',
        status: 'done' as const,
        attempts: 1,
        finishedAt: '2026-01-01T00:05:00.000Z',
      },
      {
        stepId: 'b',
        nodeId: 'n1',
        status: 'done' as const,
        attempts: 1,
        finishedAt: '2026-01-01T00:09:00.000Z',
      },
      { stepId: 'c', nodeId: 'n1', status: 'pending' as const, attempts: 0 },
    ];
    expect(finishedAtOf({ runId: 'r', startedAt: time, tasks })).toBe('2026-01-01T00:09:00.000Z');
    expect(finishedAtOf({ runId: 'r', startedAt: time, finishedAt: time, tasks })).toBe(time);
    expect(finishedAtOf({ runId: 'r', startedAt: time, tasks: [] })).toBeUndefined();
  });
});
