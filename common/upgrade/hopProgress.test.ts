import { describe, expect, it } from 'vitest';
import type { RunState } from '../model/runEvent';
import { hopNodeStates, leftBehind, unfinishedHop, type HopTask } from './hopProgress';

const task = (stepId: string, nodeId: string, status: HopTask['status']): HopTask => ({
  stepId,
  nodeId,
  status,
});

/** The lab's run of the 1.24 hop with node1's link down at its turn (upgrade-runtime suite). */
const UNREACHABLE: HopTask[] = [
  task('upgrade-preflight', 'master1', 'already-done'),
  task('upgrade-repo', 'master1', 'done'),
  task('upgrade-repo', 'node1', 'done'),
  task('upgrade-kubeadm', 'master1', 'done'),
  task('upgrade-kubeadm', 'node1', 'done'),
  task('upgrade-apply', 'master1', 'done'),
  task('upgrade-drain', 'master1', 'done'),
  task('upgrade-kubelet', 'master1', 'done'),
  task('upgrade-uncordon', 'master1', 'done'),
  {
    ...task('upgrade-node', 'node1', 'failed'),
    error: {
      code: 'timeout',
      message: 'upgrade-node on node1: Timed out connecting to 172.31.205.12.',
    },
  },
  task('upgrade-drain', 'node1', 'skipped'),
  task('upgrade-kubelet', 'node1', 'skipped'),
  task('upgrade-uncordon', 'node1', 'skipped'),
];

describe('hopNodeStates: which node is on which version, from the hop run’s tasks', () => {
  it('a node unreachable at its turn stays on the version before, named with its step', () => {
    const states = hopNodeStates(UNREACHABLE, ['master1', 'node1'], '1.23.17', '1.24.17');
    expect(states).toEqual([
      { nodeId: 'master1', version: '1.24.17', status: 'upgraded' },
      {
        nodeId: 'node1',
        version: '1.23.17',
        status: 'unreachable',
        stepId: 'upgrade-node',
        message: 'upgrade-node on node1: Timed out connecting to 172.31.205.12.',
      },
    ]);
    expect(leftBehind(states).map((s) => s.nodeId)).toEqual(['node1']);
  });

  it('a step that failed on the node itself is a failure, not unreachable', () => {
    const tasks = UNREACHABLE.map((t) =>
      t.status === 'failed'
        ? { ...t, error: { code: 'step_exit', message: 'upgrade-node on node1 exited 1' } }
        : t,
    );
    const [, node1] = hopNodeStates(tasks, ['master1', 'node1'], '1.23.17', '1.24.17');
    expect(node1?.status).toBe('failed');
    expect(leftBehind(hopNodeStates(tasks, ['node1'], '1.23.17', '1.24.17'))).toEqual([]);
  });

  it('a drain skipped for a PodDisruptionBudget keeps the node on its version though its kubelet step passed', () => {
    const tasks: HopTask[] = [
      task('upgrade-kubelet', 'master1', 'done'),
      {
        ...task('upgrade-drain', 'node1', 'done'),
        outputs: { upgradeSkipped: '1.19.16@r20261207-185401-6d39c3' },
      },
      // Its kubelet and uncordon steps pass a skipped node by (already-done).
      task('upgrade-kubelet', 'node1', 'already-done'),
      task('upgrade-drain', 'node2', 'done'),
      task('upgrade-kubelet', 'node2', 'done'),
    ];
    const states = hopNodeStates(tasks, ['master1', 'node1', 'node2'], '1.18.2', '1.19.16');
    expect(states.map((s) => [s.nodeId, s.version, s.status])).toEqual([
      ['master1', '1.19.16', 'upgraded'],
      ['node1', '1.18.2', 'drain-skipped'],
      ['node2', '1.19.16', 'upgraded'],
    ]);
  });

  it('a node whose turn has not come is pending, on the version before', () => {
    const tasks = [task('upgrade-repo', 'node2', 'done'), task('upgrade-node', 'node2', 'pending')];
    expect(hopNodeStates(tasks, ['node2'], '1.18.2', '1.19.16')).toEqual([
      { nodeId: 'node2', version: '1.18.2', status: 'pending' },
    ]);
  });
});

describe('unfinishedHop: the last hop run, when it did not finish', () => {
  const run = (
    runId: string,
    startedAt: string,
    params: unknown,
    outcome?: RunState['outcome'],
  ): RunState => ({
    runId,
    startedAt,
    kind: 'upgrade',
    params,
    ...(outcome ? { outcome } : {}),
    tasks: UNREACHABLE.map((t) => ({ ...t, attempts: 1 })),
  });

  it('describes the newest upgrade run that failed: each node’s version and where it stopped', () => {
    const hop = unfinishedHop(
      [
        run('r-old', '2026-12-08T00:50:00.000Z', { to: '1.23.17' }, 'succeeded'),
        run('r-hop', '2026-12-08T01:00:00.000Z', { to: '1.24.17' }, 'failed'),
      ],
      '1.23.17',
      ['master1', 'node1'],
    );
    expect(hop).toMatchObject({
      runId: 'r-hop',
      from: '1.23.17',
      hop: '1.24.17',
      outcome: 'failed',
    });
    expect(hop?.nodes.map((n) => [n.nodeId, n.version, n.status])).toEqual([
      ['master1', '1.24.17', 'upgraded'],
      ['node1', '1.23.17', 'unreachable'],
    ]);
  });

  it('a run without an outcome is interrupted', () => {
    const hop = unfinishedHop(
      [run('r', '2026-12-08T01:00:00.000Z', { to: '1.24.17' })],
      '1.23.17',
      ['node1'],
    );
    expect(hop?.outcome).toBe('interrupted');
  });

  it('nothing when the last hop succeeded, was the migration, or the project already records it', () => {
    const at = '2026-12-08T01:00:00.000Z';
    expect(unfinishedHop([run('r', at, { to: '1.24.17' }, 'succeeded')], '1.23.17', [])).toBe(
      undefined,
    );
    expect(
      unfinishedHop(
        [run('r', at, { to: '1.23.17', migrateRuntime: 'containerd' }, 'failed')],
        '1.23.17',
        [],
      ),
    ).toBe(undefined);
    expect(unfinishedHop([run('r', at, { to: '1.24.17' }, 'failed')], '1.24.17', [])).toBe(
      undefined,
    );
    expect(unfinishedHop([], '1.24.17', [])).toBe(undefined);
  });
});
