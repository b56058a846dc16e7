import { describe, expect, it } from 'vitest';
import { RunStateSchema } from '../model/runEvent';
import { DAY2_STEP_IDS } from './steps';
import {
  OPERATION_IDS,
  OPERATIONS,
  OperationIdSchema,
  offeredOperations,
  operationInfo,
} from './operations';

describe('the operation catalog', () => {
  it('has one entry per id, with both languages and a CLI command', () => {
    expect(OPERATIONS.map((o) => o.id)).toEqual([...OPERATION_IDS]);
    for (const op of OPERATIONS) {
      expect(op.title.en && op.title.zh && op.summary.en && op.summary.zh).toBeTruthy();
      expect(op.cli).toMatch(/^[a-z-]+( [a-z-]+)?$/);
    }
  });

  it('every destructive operation says what it destroys, in both languages', () => {
    for (const op of OPERATIONS.filter((o) => o.confirm === 'destructive')) {
      expect(op.destroys?.en, op.id).toBeTruthy();
      expect(op.destroys?.zh, op.id).toBeTruthy();
    }
  });

  it('offers only built operations, and each when the cluster is in a state for it', () => {
    const fresh = { installed: false, machinesOutsideCluster: 3, machinesInCluster: 0 };
    expect(offeredOperations(fresh).map((o) => o.id)).toEqual(['install']);
    const grown = { installed: true, machinesOutsideCluster: 1, machinesInCluster: 3 };
    expect(offeredOperations(grown).map((o) => o.id)).toEqual([
      'install',
      'add-node',
      'reset-node',
      'reset-cluster',
      'remove-node',
      'upgrade',
      'renew-certs',
      'backup-etcd',
      'restore-etcd',
      'replace-node',
    ]);
    // A replacement needs a spare: a machine of the project outside the cluster.
    const full = { installed: true, machinesOutsideCluster: 0, machinesInCluster: 3 };
    expect(offeredOperations(full).map((o) => o.id)).not.toContain('replace-node');
    expect(operationInfo('upgrade').built).toBe(true);
    expect(operationInfo('renew-certs').built).toBe(true);
  });

  it('a day-2 step named after an operation belongs to that built operation', () => {
    // remove-node's steps (drain-node, remove-etcd-member, …) are named for what they do.
    const named = DAY2_STEP_IDS.flatMap((s) => {
      const id = OperationIdSchema.safeParse(s);
      return id.success ? [id.data] : [];
    });
    expect(named).toEqual(['add-node', 'reset-node', 'reset-cluster', 'renew-certs']);
    for (const id of named) expect(operationInfo(id).built).toBe(true);
  });
});

describe('RunState.kind', () => {
  const base = { runId: 'r', startedAt: '2026-01-01T00:00:00.000Z' };
  const task = (stepId: string) => ({ stepId, nodeId: 'n', status: 'done', attempts: 1 });

  it('reads the legacy `reset` of older project files as the reset it was', () => {
    const node = RunStateSchema.parse({ ...base, kind: 'reset', tasks: [task('reset-node')] });
    expect(node.kind).toBe('reset-node');
    const cluster = RunStateSchema.parse({
      ...base,
      kind: 'reset',
      tasks: [task('reset-cluster'), task('reset-cluster')],
    });
    expect(cluster.kind).toBe('reset-cluster');
  });

  it('refuses an operation the catalog does not have', () => {
    expect(RunStateSchema.safeParse({ ...base, kind: 'reboot', tasks: [] }).success).toBe(false);
    expect(RunStateSchema.parse({ ...base, tasks: [] }).kind).toBeUndefined();
  });
});
