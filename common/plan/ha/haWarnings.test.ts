import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../model/node';
import type { ClusterPlan } from '../../model/plan';
import { guideNodes, guidePlan } from '../presets';
import { haWarnings, toleratedFailures } from './haWarnings';

function nodes(controlPlanes: number): NodeSpec[] {
  const [template] = guideNodes();
  if (!template) throw new Error('guide has nodes');
  return Array.from({ length: controlPlanes + 1 }, (_, i) => ({
    ...template,
    id: `n${i}`,
    name: `n${i}`,
    address: `192.168.100.${10 + i}`,
    role: i < controlPlanes ? 'control-plane' : 'worker',
  }));
}

const stacked: ClusterPlan = { ...guidePlan(), topology: 'stacked-etcd' };

describe('haWarnings', () => {
  it('follows the etcd FAQ: n members tolerate (n-1)/2 failures', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(toleratedFailures)).toEqual([0, 0, 1, 1, 2, 2, 3]);
  });

  it('warns on an even number of control planes with the tolerated failures', () => {
    const [warning] = haWarnings(stacked, nodes(4));
    expect(warning?.message).toMatch(/^4 control planes .* tolerate 1 failure, the same as 3/);
    expect(warning?.messageZh).toMatch(/只能容忍 1 个故障/);
  });

  it('warns on fewer than 3 stacked control planes', () => {
    const messages = haWarnings(stacked, nodes(2)).map((w) => w.message);
    expect(messages).toHaveLength(2);
    expect(messages[1]).toMatch(/at least 3/);
    expect(haWarnings(stacked, nodes(1))).toHaveLength(1);
  });

  it('says nothing for 3 or 5 control planes', () => {
    expect(haWarnings(stacked, nodes(3))).toEqual([]);
    expect(haWarnings(stacked, nodes(5))).toEqual([]);
  });

  it('counts external etcd members, not control planes, for external-etcd', () => {
    const external: ClusterPlan = {
      ...guidePlan(),
      topology: 'external-etcd',
      externalEtcdEndpoints: ['https://10.0.0.5:2379', 'https://10.0.0.6:2379'],
    };
    const [warning] = haWarnings(external, nodes(3));
    expect(warning?.field).toBe('externalEtcdEndpoints');
    expect(warning?.message).toMatch(/2 external etcd members tolerate 0 failures/);
  });

  it('warns when several control planes sit on the single topology (old projects)', () => {
    const [warning] = haWarnings(guidePlan(), nodes(2));
    expect(warning?.field).toBe('topology');
    expect(warning?.message).toMatch(/only n0 runs the control plane/);
    expect(haWarnings(guidePlan(), nodes(1))).toEqual([]);
  });
});
