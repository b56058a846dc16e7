import { describe, expect, it } from 'vitest';
import type { RunState, TaskState } from '../../model/runEvent';
import { failoverRefusal, holdsVip, lastFailoverTest } from './failover';

const task = (stepId: string, nodeId: string, rest: Partial<TaskState> = {}): TaskState => ({
  stepId,
  nodeId,
  status: 'done',
  attempts: 1,
  ...rest,
});

function run(runId: string, startedAt: string, tasks: TaskState[], rest: Partial<RunState> = {}) {
  return {
    runId,
    startedAt,
    finishedAt: startedAt.replace(':00.', ':30.'),
    outcome: 'succeeded',
    kind: 'ha-failover-test',
    params: {},
    tasks,
    ...rest,
  } satisfies RunState;
}

const moved = {
  oldHolder: 'master1',
  newHolder: 'master3',
  movedMs: '3412',
  apiAnswered: 'yes',
  apiMs: '3650',
  restored: 'yes',
};

describe('the failover test', () => {
  it('is refused for a single control plane and an external load balancer', () => {
    expect(failoverRefusal({ topology: 'single' })).toMatch(/single control plane/);
    expect(
      failoverRefusal({
        topology: 'stacked-etcd',
        loadBalancer: { kind: 'external' },
      }),
    ).toMatch(/external load balancer: kubelab does not manage it/);
    expect(
      failoverRefusal({
        topology: 'stacked-etcd',
        loadBalancer: { kind: 'kube-vip', vip: '10.0.0.100', interface: 'eth0' },
      }),
    ).toBeUndefined();
  });

  it('finds the holder by the VIP as an address of its own (ip -4 -o addr show)', () => {
    const addr = [
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
      '2: eth0    inet 10.0.0.11/24 brd 10.0.0.255 scope global eth0\\       valid_lft forever',
      '2: eth0    inet 10.0.0.100/32 scope global eth0\\       valid_lft forever preferred_lft forever',
    ].join('\n');
    expect(holdsVip(addr, '10.0.0.100')).toBe(true);
    expect(holdsVip(addr, '10.0.0.10')).toBe(false);
  });

  it('reads the newest run: holders, seconds, API and restore from the holder’s outputs', () => {
    const older = run('r1', '2026-12-08T01:00:00.000Z', [
      task('ha-failover', 'master2', { outputs: { ...moved, oldHolder: 'master2' } }),
    ]);
    const newer = run('r2', '2026-12-08T02:00:00.000Z', [
      task('ha-vip-holder', 'master1', { outputs: { holds: 'yes' } }),
      task('ha-failover', 'master1', { outputs: moved }),
      task('ha-failover', 'master2', { status: 'already-done', outputs: {} }),
    ]);
    const other = run('r3', '2026-12-08T03:00:00.000Z', [], { kind: 'backup-etcd' });
    expect(lastFailoverTest([older, newer, other])).toEqual({
      runId: 'r2',
      at: '2026-12-08T02:00:30.000Z',
      outcome: 'succeeded',
      oldHolder: 'master1',
      newHolder: 'master3',
      movedSeconds: 3.4,
      apiAnswered: true,
      apiSeconds: 3.7,
      restored: true,
    });
    expect(lastFailoverTest([other])).toBeUndefined();
    expect(lastFailoverTest(undefined)).toBeUndefined();
  });

  it('keeps a failed test’s error (no outputs: the step failed)', () => {
    const failed = run(
      'r4',
      '2026-12-08T04:00:00.000Z',
      [
        task('ha-failover', 'master1', {
          status: 'failed',
          error: {
            code: 'exit',
            message:
              'ha-failover on master1 exited 1: the VIP 10.0.0.100 did not move from master1 to another control plane within 90 s',
          },
        }),
      ],
      { outcome: 'failed' },
    );
    const t = lastFailoverTest([failed]);
    expect(t).toMatchObject({ runId: 'r4', outcome: 'failed' });
    expect(t?.newHolder).toBeUndefined();
    expect(t?.error).toContain('did not move from master1');
  });
});
