import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../model/node';
import type { RunState } from '../model/runEvent';
import { forgetRemovedNode, planRemoval, RemoveNodeParamsSchema } from './removeNode';

const node = (id: string, role: NodeSpec['role']): NodeSpec => ({
  id,
  name: id,
  address: `10.0.0.${id.length}`,
  port: 22,
  user: 'root',
  auth: 'agent',
  role,
  labels: {},
});

describe('planRemoval', () => {
  const cp1 = node('cp1', 'control-plane');
  const cp2 = node('cp22', 'control-plane');
  const w = node('w', 'worker');

  it('a worker: the first control plane runs the cluster-side parts', () => {
    expect(planRemoval([cp1, cp2, w], 'w')).toEqual({
      target: w,
      controller: cp1,
      lastControlPlane: false,
    });
  });

  it('the first control plane of two: the other one controls its removal', () => {
    expect(planRemoval([cp1, cp2, w], 'cp1')?.controller).toBe(cp2);
  });

  it('the only control plane is the last one and has no controller', () => {
    expect(planRemoval([cp1, w], 'cp1')).toEqual({
      target: cp1,
      controller: undefined,
      lastControlPlane: true,
    });
  });

  it('an unknown machine: undefined', () => {
    expect(planRemoval([cp1], 'nope')).toBeUndefined();
  });
});

describe('forgetRemovedNode', () => {
  const task = (stepId: string, nodeId: string) => ({
    stepId,
    nodeId,
    status: 'done' as const,
    attempts: 1,
  });
  const state: RunState = {
    runId: 'r',
    startedAt: '2026-01-01T00:00:00.000Z',
    kind: 'remove-node',
    tasks: [
      task('kubeadm-init', 'cp1'),
      task('join-node', 'w'),
      task('join-node', 'w2'),
      task('drain-node', 'cp1'),
      task('delete-node', 'cp1'),
      task('reset-removed-node', 'w'),
    ],
  };

  it('drops the machine’s tasks and the removal’s own, keeps the others’ install record', () => {
    const after = forgetRemovedNode(state, 'w', [
      'drain-node',
      'reset-removed-node',
      'delete-node',
    ]);
    expect(after?.tasks.map((t) => `${t.stepId}@${t.nodeId}`)).toEqual([
      'kubeadm-init@cp1',
      'join-node@w2',
    ]);
  });

  it('nothing left: no record', () => {
    expect(forgetRemovedNode({ ...state, tasks: [task('join-node', 'w')] }, 'w', [])).toBe(
      undefined,
    );
  });
});

describe('RemoveNodeParamsSchema', () => {
  it('takes a node id and the two flags, refuses anything else', () => {
    expect(RemoveNodeParamsSchema.safeParse({ nodeId: 'w', unreachable: true }).success).toBe(true);
    expect(RemoveNodeParamsSchema.safeParse({ nodeId: '' }).success).toBe(false);
    expect(RemoveNodeParamsSchema.safeParse({ nodeId: 'w', force: true }).success).toBe(false);
  });
});
