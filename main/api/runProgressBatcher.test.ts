import { describe, expect, it } from 'vitest';
import type { EventName } from '../../common/contract';
import type { RunEvent } from '../../common/model/runEvent';
import { batchRunProgress } from './runProgressBatcher';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function taskState(nodeId: string, status: 'running' | 'done'): RunEvent {
  return {
    type: 'task-state',
    runId: 'r1',
    time: '2026-12-07T18:00:00.000Z',
    nodeId,
    stepId: 'prepare-os',
    status,
    attempt: 1,
  };
}

function recorder(): { sent: [EventName, unknown][]; send: (n: EventName, p: unknown) => void } {
  const sent: [EventName, unknown][] = [];
  return { sent, send: (name, payload) => void sent.push([name, payload]) };
}

describe('batchRunProgress', () => {
  it('sends the run events of one tick as one install.progress, in order', async () => {
    const { sent, send } = recorder();
    const { listener } = batchRunProgress(send);
    const events = [
      taskState('m1', 'running'),
      taskState('m2', 'running'),
      taskState('m1', 'done'),
    ];
    for (const e of events) listener('install.event', e);
    expect(sent).toEqual([]);
    await tick();
    expect(sent).toEqual([['install.progress', { events }]]);
    listener('install.event', taskState('m2', 'done'));
    await tick();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(['install.progress', { events: [taskState('m2', 'done')] }]);
  });

  it('sends a batch pending before any other event, so the order across events holds', async () => {
    const { sent, send } = recorder();
    const { listener } = batchRunProgress(send);
    listener('install.event', taskState('m1', 'running'));
    listener('nodes.changed', { nodes: [] });
    listener('install.event', taskState('m1', 'done'));
    expect(sent.map(([name]) => name)).toEqual(['install.progress', 'nodes.changed']);
    await tick();
    expect(sent.map(([name]) => name)).toEqual([
      'install.progress',
      'nodes.changed',
      'install.progress',
    ]);
    await tick();
    expect(sent).toHaveLength(3);
  });

  it('after stop, drops the pending batch and sends nothing more', async () => {
    const { sent, send } = recorder();
    const batched = batchRunProgress(send);
    batched.listener('install.event', taskState('m1', 'running'));
    batched.stop();
    batched.listener('nodes.changed', { nodes: [] });
    await tick();
    expect(sent).toEqual([]);
  });
});
