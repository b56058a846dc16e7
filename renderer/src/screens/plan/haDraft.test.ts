import { describe, expect, it } from 'vitest';
import type { ClusterPlan } from '../../../../common/model/plan';
import { guidePlan } from '../../../../common/plan/presets';
import { newLoadBalancer, parseEndpointList, withTopology } from './haDraft';

describe('HA draft edits', () => {
  it('choosing single removes every HA field, so the saved plan is as before', () => {
    const ha: ClusterPlan = {
      ...guidePlan(),
      ...withTopology(guidePlan(), 'stacked-etcd'),
    };
    expect(ha.loadBalancer).toEqual({ kind: 'kube-vip', vip: '', interface: 'eth0' });
    const back = { ...ha, ...withTopology(ha, 'single') };
    expect(JSON.parse(JSON.stringify(back))).toEqual(guidePlan());
  });

  it('keeps the typed VIP and interface when the load balancer kind changes', () => {
    const old = { kind: 'kube-vip' as const, vip: '10.0.0.100', interface: 'ens3' };
    expect(newLoadBalancer('haproxy-keepalived', old)).toEqual({
      kind: 'haproxy-keepalived',
      vip: '10.0.0.100',
      interface: 'ens3',
      virtualRouterId: 51,
    });
    expect(newLoadBalancer('external', old)).toEqual({ kind: 'external' });
  });

  it('reads a comma-separated etcd list; empty means unset', () => {
    expect(parseEndpointList(' https://a:2379, https://b:2379 ,')).toEqual([
      'https://a:2379',
      'https://b:2379',
    ]);
    expect(parseEndpointList(' ')).toBeUndefined();
  });
});
