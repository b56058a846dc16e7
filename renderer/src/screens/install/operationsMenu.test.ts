import { describe, expect, it } from 'vitest';
import { KUBEADM_RELEASES } from '../../../../common/catalog/releases';
import { clusterStatus, menuOperations, runStartOf, upgradeTargets } from './operationsMenu';

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
      'renew-certs',
    ]);
  });

  it('offers to add the machines the installed cluster does not have', () => {
    expect(menu({ outcome: 'succeeded', nodeIds: ['master1', 'node1'] })).toEqual([
      'add-node',
      'reset-node',
      'reset-cluster',
      'remove-node',
      'renew-certs',
    ]);
  });

  it('after a failed install: the machines can be reset or removed, nothing is renewed', () => {
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
    expect(runStartOf({ operation: 'upgrade', to: '1.31.4' })).toEqual({
      operation: 'upgrade',
      params: { to: '1.31.4' },
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
  it('is one minor at most: newer patches, then the next minor, newest first', () => {
    const targets = upgradeTargets('1.30.2');
    const catalog = KUBEADM_RELEASES.map((r) => r.version);
    expect(targets[0]).toBe(catalog.filter((v) => v.startsWith('1.31.')).at(-1));
    expect(targets).toContain('1.30.3');
    expect(targets).not.toContain('1.30.2');
    expect(targets).not.toContain('1.30.1');
    expect(targets.every((v) => v.startsWith('1.30.') || v.startsWith('1.31.'))).toBe(true);
    expect(targets.length).toBe(
      catalog.filter((v) => v.startsWith('1.31.')).length +
        catalog.filter((v) => v.startsWith('1.30.') && Number(v.split('.')[2]) > 2).length,
    );
  });
});
