// add-node of a control plane (issue 19, "join a control plane later"): which steps run where,
// and the refusals that name the field before anything reaches a machine.
import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import { modernPlan } from '../../common/plan/presets';
import { buildGraph } from '../engine/graph';
import { reconcileEtcdEnv } from '../steps/reconcile-etcd-members';
import type { Ctx } from '../steps/scriptStep';
import { addNodeOperation } from './add-node';

const node = (id: string, last: number, role: NodeSpec['role']): NodeSpec => ({
  id,
  name: id,
  address: `192.168.100.${last}`,
  port: 22,
  user: 'root',
  auth: 'password',
  role,
  labels: {},
});
const nodes: NodeSpec[] = [
  node('master1', 111, 'control-plane'),
  node('master2', 112, 'control-plane'),
  node('master3', 113, 'control-plane'),
  node('node1', 116, 'worker'),
];
const haPlan: ClusterPlan = {
  ...modernPlan('192.168.100.111'),
  topology: 'stacked-etcd',
  controlPlaneEndpoint: '192.168.100.100:6443',
  loadBalancer: { kind: 'kube-vip', vip: '192.168.100.100', interface: 'eth0' },
};
const target = { nodes, plan: haPlan };

/** The run's tasks (step@node) for these machines, as the run service builds them. */
function tasks(nodeIds: string[], plan: ClusterPlan = haPlan): string[] {
  const params = addNodeOperation.params.parse({ nodeIds });
  const t = { nodes, plan };
  const steps = addNodeOperation.steps(params, t);
  const runNodes = addNodeOperation.nodes?.(params, t)?.slice();
  return buildGraph(steps, nodes, plan, { nodes: runNodes }).map((x) => x.key);
}

describe('add-node of a control plane', () => {
  it('a worker alone: no certificate upload, no etcd reconcile, no control-plane join', () => {
    const keys = tasks(['node1']);
    expect(keys).toContain('add-node@node1');
    expect(
      keys.some((k) => /^(upload-certs|reconcile-etcd-members|join-control-plane)@/.test(k)),
    ).toBe(false);
  });

  it('a control plane: certs kept uploaded and etcd reconciled on master1, then it joins with kube-vip', () => {
    const keys = tasks(['master3']);
    expect(keys).toEqual(
      expect.arrayContaining([
        'upload-certs@master1',
        'reconcile-etcd-members@master1',
        'join-control-plane@master3',
        'kube-vip@master3',
        'wait-ready@master1',
      ]),
    );
    // Only the joining machine and the first control plane are in the run.
    expect(keys.some((k) => k.endsWith('@master2'))).toBe(false);
    expect(keys.indexOf('reconcile-etcd-members@master1')).toBeLessThan(
      keys.indexOf('join-control-plane@master3'),
    );
  });

  it('joins only after the etcd members were reconciled (a stale member would meet the join)', () => {
    const params = addNodeOperation.params.parse({ nodeIds: ['master3'] });
    const graph = buildGraph(addNodeOperation.steps(params, target), nodes, haPlan, {
      nodes: ['master1', 'master3'],
    });
    expect(graph.find((t) => t.key === 'join-control-plane@master3')?.deps).toContain(
      'reconcile-etcd-members@master1',
    );
  });

  it('waits for the control-plane join before waiting for Ready', () => {
    const params = addNodeOperation.params.parse({ nodeIds: ['master3'] });
    const graph = buildGraph(addNodeOperation.steps(params, target), nodes, haPlan, {
      nodes: ['master1', 'master3'],
    });
    const wait = graph.find((t) => t.key === 'wait-ready@master1');
    expect(wait?.deps).toContain('join-control-plane@master3');
  });

  it('refuses a control plane when the plan has one control plane, naming the field', () => {
    const single: ClusterPlan = { ...modernPlan('192.168.100.111') };
    expect(() => tasks(['node1', 'master2'], single)).toThrow(
      expect.objectContaining({ field: 'params.nodeIds.1', nodeId: 'master2' }),
    );
  });

  it('refuses to join the first control plane to itself', () => {
    expect(() => tasks(['master1'])).toThrow(
      expect.objectContaining({
        field: 'params.nodeIds.0',
        message: expect.stringMatching(/first control plane/),
      }),
    );
  });

  it('refuses an unknown parameter (the confirmation has one name)', () => {
    expect(
      addNodeOperation.params.safeParse({ nodeIds: ['master3'], removeStale: true }).success,
    ).toBe(false);
  });

  it('tells the reconcile step who joins, every control plane, and the confirmation', () => {
    const env = (removeStaleEtcdMembers?: boolean) =>
      reconcileEtcdEnv({
        node: nodes[0],
        nodes,
        plan: haPlan,
        params: { nodeIds: ['master3', 'node1'], removeStaleEtcdMembers },
      } as unknown as Ctx);
    expect(env()).toEqual({
      JOINING_IPS: '192.168.100.113',
      CONTROL_PLANE_IPS: '192.168.100.111 192.168.100.112 192.168.100.113',
      REMOVE_STALE: '0',
    });
    expect(env(true).REMOVE_STALE).toBe('1');
  });
});
