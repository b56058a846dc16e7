// join-leftovers in add-node (issue 19): it runs on every joining machine before anything is
// installed there, and each join waits for it; the first control plane (where the token is
// minted) is not asked. Its script is run against a real lab machine in
// tests/integration/ha/externalLb.test.ts.
import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import { modernPlan } from '../../common/plan/presets';
import { buildGraph } from '../engine/graph';
import { ADD_CONTROL_PLANE_STEPS, ADD_NODE_STEPS } from './index';

const node = (id: string, last: number, role: NodeSpec['role']): NodeSpec => ({
  id,
  name: id,
  address: `192.0.2.${last}`,
  port: 22,
  user: 'root',
  auth: 'key',
  role,
  labels: {},
});
const nodes = [
  node('master1', 11, 'control-plane'),
  node('master2', 12, 'control-plane'),
  node('node1', 21, 'worker'),
];
const ha: ClusterPlan = {
  ...modernPlan('192.0.2.11'),
  topology: 'stacked-etcd',
  controlPlaneEndpoint: '192.0.2.100:6443',
  loadBalancer: { kind: 'external' },
};

describe('join-leftovers in add-node', () => {
  it('comes first on each joining machine, and its join waits for it', () => {
    const tasks = buildGraph(ADD_CONTROL_PLANE_STEPS, nodes, ha);
    const keys = tasks.map((t) => t.key);
    expect(keys.filter((k) => k.startsWith('join-leftovers@')).sort()).toEqual([
      'join-leftovers@master2',
      'join-leftovers@node1',
    ]);
    const first = (n: string): string | undefined => keys.find((k) => k.endsWith(`@${n}`));
    expect(first('master2')).toBe('join-leftovers@master2');
    expect(first('node1')).toBe('join-leftovers@node1');
    expect(tasks.find((t) => t.key === 'join-control-plane@master2')?.deps).toContain(
      'join-leftovers@master2',
    );
    expect(tasks.find((t) => t.key === 'add-node@node1')?.deps).toContain('join-leftovers@node1');
  });

  it('a worker added to a single control plane is checked too', () => {
    const single = { ...modernPlan('192.0.2.11') };
    const tasks = buildGraph(ADD_NODE_STEPS, [nodes[0] as NodeSpec, nodes[2] as NodeSpec], single);
    expect(tasks.find((t) => t.key === 'add-node@node1')?.deps).toContain('join-leftovers@node1');
    expect(tasks.some((t) => t.key === 'join-leftovers@master1')).toBe(false);
  });
});
