import { describe, expect, it } from 'vitest';
import { KUBEADM_RELEASES } from '../../../../common/catalog/releases';
import { NEWEST_MINOR } from '../../../../common/catalog/kubernetesVersions';
import { guideNodes, guidePlan } from '../../../../common/plan/presets';
import { planUpgrade } from '../../../../common/upgrade/planUpgrade';
import {
  clusterStatus,
  menuOperations,
  runStartOf,
  sparesFor,
  upgradeRunSummary,
  upgradeTargets,
} from './operationsMenu';

const inventory = ['master1', 'node1', 'node2'];
const menu = (cluster: { outcome?: string; nodeIds: string[] }, ids = inventory): string[] =>
  menuOperations(clusterStatus(cluster, ids)).map((o) => o.id);

describe('the operations menu, per cluster state', () => {
  it('offers nothing before any install', () => {
    expect(menu({ nodeIds: [] })).toEqual([]);
  });

  it('offers the day-2 operations of an installed cluster, in catalog order', () => {
    expect(menu({ outcome: 'succeeded', nodeIds: inventory })).toEqual([
      'reset-node',
      'reset-cluster',
      'remove-node',
      'upgrade',
      'renew-certs',
    ]);
  });

  it('offers to add the machines the installed cluster does not have', () => {
    expect(menu({ outcome: 'succeeded', nodeIds: ['master1', 'node1'] })).toEqual([
      'add-node',
      'reset-node',
      'reset-cluster',
      'remove-node',
      'upgrade',
      'renew-certs',
      'replace-node',
    ]);
    // Not after a failed install: there is no cluster for the spare to join.
    expect(menu({ outcome: 'failed', nodeIds: ['master1', 'node1'] })).not.toContain(
      'replace-node',
    );
  });

  it('after a failed install: the machines can be reset or removed, nothing is renewed or upgraded', () => {
    expect(menu({ outcome: 'failed', nodeIds: inventory })).toEqual([
      'reset-node',
      'reset-cluster',
      'remove-node',
    ]);
  });

  it('counts only the inventory’s machines as the cluster’s (a forgotten one is not)', () => {
    expect(
      clusterStatus({ outcome: 'succeeded', nodeIds: ['gone', 'master1'] }, inventory),
    ).toEqual({ installed: true, machinesInCluster: 1, machinesOutsideCluster: 2 });
  });
});

describe('runStartOf', () => {
  it('sends replace-node as `kubelab replace-node OLD NEW --yes` does, unreachable only when ticked', () => {
    expect(
      runStartOf(
        { operation: 'replace-node', oldNodeId: 'node2', newNodeId: 'node3', unreachable: false },
        'kubernetes',
      ),
    ).toEqual({
      operation: 'replace-node',
      params: { oldNodeId: 'node2', newNodeId: 'node3' },
      confirm: 'kubernetes',
    });
    expect(
      runStartOf(
        { operation: 'replace-node', oldNodeId: 'node2', newNodeId: 'node3', unreachable: true },
        'kubernetes',
      ).params,
    ).toEqual({ oldNodeId: 'node2', newNodeId: 'node3', unreachable: true });
  });

  it('offers as spares only the machines outside the cluster with the old one’s role', () => {
    const newcomers = [
      { id: 'master2', role: 'control-plane' },
      { id: 'node3', role: 'worker' },
      { id: 'node4', role: 'worker' },
    ];
    expect(sparesFor({ role: 'worker' }, newcomers).map((n) => n.id)).toEqual(['node3', 'node4']);
    expect(sparesFor({ role: 'control-plane' }, newcomers).map((n) => n.id)).toEqual(['master2']);
    expect(sparesFor(undefined, newcomers)).toEqual([]);
  });

  it('sends remove-node with its params and the typed name, unreachable only when ticked', () => {
    expect(
      runStartOf({ operation: 'remove-node', nodeId: 'node2', unreachable: false }, 'kubernetes'),
    ).toEqual({ operation: 'remove-node', params: { nodeId: 'node2' }, confirm: 'kubernetes' });
    expect(
      runStartOf({ operation: 'remove-node', nodeId: 'node2', unreachable: true }, 'k'),
    ).toEqual({
      operation: 'remove-node',
      params: { nodeId: 'node2', unreachable: true },
      confirm: 'k',
    });
  });

  it('sends the other operations as their params schemas take them', () => {
    expect(runStartOf({ operation: 'renew-certs' })).toEqual({ operation: 'renew-certs' });
    expect(runStartOf({ operation: 'upgrade', to: '1.31.4', batch: 1, snapshot: true })).toEqual({
      operation: 'upgrade',
      params: { to: '1.31.4', snapshot: true },
    });
    expect(runStartOf({ operation: 'upgrade', to: '1.21.14', batch: 2, snapshot: false })).toEqual({
      operation: 'upgrade',
      params: { to: '1.21.14', batch: 2, snapshot: false },
    });
    // A blocking PodDisruptionBudget's choice: force is sent, the default wait is not.
    const force = { operation: 'upgrade', to: '1.19.16', batch: 1, snapshot: true } as const;
    expect(runStartOf({ ...force, drainBlocked: 'force' })).toEqual({
      operation: 'upgrade',
      params: { to: '1.19.16', snapshot: true, drainBlocked: 'force' },
    });
    expect(runStartOf({ ...force, drainBlocked: 'skip' })).toEqual({
      operation: 'upgrade',
      params: { to: '1.19.16', snapshot: true, drainBlocked: 'skip' },
    });
    expect(runStartOf({ ...force, drainBlocked: 'wait' })).toEqual({
      operation: 'upgrade',
      params: { to: '1.19.16', snapshot: true },
    });
    expect(runStartOf({ operation: 'add-node', nodeIds: ['node3'] })).toEqual({
      operation: 'add-node',
      params: { nodeIds: ['node3'] },
    });
    expect(runStartOf({ operation: 'reset-node', nodeId: 'node1' }, 'kubernetes')).toEqual({
      operation: 'reset-node',
      params: { nodeId: 'node1' },
      confirm: 'kubernetes',
    });
  });
});

describe('upgradeTargets', () => {
  const newestOf = (minor: number): string | undefined =>
    KUBEADM_RELEASES.map((r) => r.version)
      .filter((v) => v.startsWith(`1.${minor}.`))
      .sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]))
      .at(-1);

  it('offers each newer minor’s newest release, the next one first, and the current minor’s newest patch', () => {
    const targets = upgradeTargets('1.18.2');
    expect(targets[0]).toBe(newestOf(18));
    expect(targets[1]).toBe('1.19.16');
    expect(targets).toContain('1.21.14');
    expect(targets).not.toContain('1.18.2');
    expect(targets).not.toContain('1.19.15');
    expect(targets.at(-1)).toBe(newestOf(NEWEST_MINOR));
    expect(new Set(targets.map((v) => v.split('.')[1])).size).toBe(targets.length);
  });

  it('offers nothing newer on the newest release, and no same-minor entry on a minor’s newest patch', () => {
    const newest = newestOf(NEWEST_MINOR) ?? '';
    expect(upgradeTargets(newest)).toEqual([]);
    expect(upgradeTargets('1.19.16')[0]).toBe('1.20.15');
  });
});

describe('upgradeRunSummary', () => {
  it('is the plan’s first hop: its version, the hops left and each node’s turn in order', () => {
    const answer = planUpgrade({
      plan: guidePlan(),
      nodes: guideNodes(),
      to: '1.21',
      workerBatchSize: 2,
    });
    if (!answer.plan) throw new Error(JSON.stringify(answer.errors));
    const summary = upgradeRunSummary(answer.plan);
    expect(summary).toMatchObject({
      from: '1.18.2',
      hop: '1.19.16',
      target: '1.21.14',
      remaining: 2,
    });
    expect(summary?.turns.map((t) => [t.nodeId, t.downtime, t.batch])).toEqual([
      ['master1', 'apply', undefined],
      ['node1', 'worker', 1],
      ['node2', 'worker', 1],
    ]);
  });

  it('a Docker cluster on 1.23: this run is the runtime migration, the hop to 1.24 the next one', () => {
    const answer = planUpgrade({
      plan: guidePlan(),
      nodes: guideNodes(),
      current: '1.23.17',
      to: '1.24',
    });
    if (!answer.plan) throw new Error(JSON.stringify(answer.errors));
    const summary = upgradeRunSummary(answer.plan);
    expect(summary?.from).toBe('1.23.17');
    expect(summary?.migration?.actions.map((a) => a.en).join('\n')).toContain(
      'systemctl disable docker.service --now',
    );
    expect(summary?.migration?.downtime?.zh).toBeTruthy();
  });

  it('a hop that does not cross 1.24: no migration in the summary', () => {
    const answer = planUpgrade({ plan: guidePlan(), nodes: guideNodes(), to: '1.19' });
    if (!answer.plan) throw new Error(JSON.stringify(answer.errors));
    expect(upgradeRunSummary(answer.plan)?.migration).toBeUndefined();
  });
});
