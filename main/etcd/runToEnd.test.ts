import { describe, expect, it } from 'vitest';
import type { RunEvent, RunResult } from '../../common/model/runEvent';
import { EventBus } from '../api/eventBus';
import { runToEnd } from './runToEnd';

const result = (runId: string, outcome: RunResult['outcome']): RunResult => ({
  runId,
  dryRun: false,
  outcome,
  nodes: [],
});
const finished = (runId: string, outcome: RunResult['outcome']): RunEvent => ({
  type: 'run-finished',
  runId,
  time: '2026-12-07T10:00:00.000Z',
  result: result(runId, outcome),
});

describe('runToEnd', () => {
  it('answers with its own run’s result, even when the run finished before start() returned', async () => {
    const bus = new EventBus();
    const seen: string[] = [];
    const got = await runToEnd(
      bus,
      async (req) => {
        expect(req).toEqual({ operation: 'backup-etcd', params: { folder: '/p' } });
        bus.emit('install.event', finished('r1', 'succeeded'));
        return { runId: 'r1' };
      },
      { operation: 'backup-etcd', params: { folder: '/p' } },
      (e) => seen.push(e.type),
    );
    expect(got.outcome).toBe('succeeded');
    expect(seen).toEqual(['run-finished']);
  });

  it('waits past another run’s end for its own', async () => {
    const bus = new EventBus();
    const pending = runToEnd(bus, async () => ({ runId: 'mine' }), {
      operation: 'restore-etcd',
      params: {},
      confirm: 'kubernetes',
    });
    await new Promise((r) => setTimeout(r, 0));
    bus.emit('install.event', finished('other', 'succeeded'));
    bus.emit('install.event', finished('mine', 'failed'));
    expect((await pending).outcome).toBe('failed');
  });

  it('a start that is refused rejects and leaves no listener behind', async () => {
    const bus = new EventBus();
    let listeners = 0;
    const counting = {
      subscribe: (l: Parameters<EventBus['subscribe']>[0]) => {
        listeners++;
        const stop = bus.subscribe(l);
        return () => {
          listeners--;
          stop();
        };
      },
    };
    await expect(
      runToEnd(counting, () => Promise.reject(new Error('not_confirmed')), {
        operation: 'restore-etcd',
        params: {},
      }),
    ).rejects.toThrow('not_confirmed');
    expect(listeners).toBe(0);
  });
});
