// The failover test's holder choice (ha-failover's check over ha-vip-holder's snapshot) and the
// environment its script gets; the script itself runs on the lab (tests/integration/ha/ha.test.ts).
import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import { guidePlan } from '../../common/plan/presets';
import type { StepContext } from '../engine/step';
import { haFailover } from '../steps/ha-failover';
import { haFailoverTestOperation } from './ha-failover-test';

const cp = (name: string, last: number): NodeSpec => ({
  id: name,
  name,
  address: `10.0.0.${last}`,
  port: 22,
  user: 'root',
  auth: 'password',
  role: 'control-plane',
  labels: {},
});
const nodes = [cp('master1', 11), cp('master2', 12), cp('master3', 13)];
const plan: ClusterPlan = {
  ...guidePlan(),
  topology: 'stacked-etcd',
  controlPlaneEndpoint: '10.0.0.100:8443',
  loadBalancer: {
    kind: 'haproxy-keepalived',
    vip: '10.0.0.100',
    interface: 'eth0',
    virtualRouterId: 51,
  },
};

function ctx(node: NodeSpec, holders: string[], logs: string[] = []): StepContext<ClusterPlan> {
  return {
    runId: 'r20261208-010000-abcdef',
    node,
    nodes,
    plan,
    params: {},
    remote: undefined as never,
    dryRun: false,
    signal: new AbortController().signal,
    outputsOf: async (_step, nodeId) => ({ holds: holders.includes(nodeId ?? '') ? 'yes' : 'no' }),
    log: (line) => logs.push(line),
  };
}

describe('ha-failover', () => {
  it('runs on the holder of the snapshot only; the others have nothing to do', async () => {
    const [m1, m2] = nodes;
    if (!m1 || !m2) throw new Error('nodes');
    expect(await haFailover.check?.(ctx(m2, ['master2']))).toBe('needed');
    const logs: string[] = [];
    expect(await haFailover.check?.(ctx(m1, ['master2'], logs))).toBe('done');
    expect(logs.join('')).toContain('master1 does not hold the VIP 10.0.0.100');
  });

  it('fails with the reason when nobody or more than one machine holds the VIP', async () => {
    const [m1] = nodes;
    if (!m1) throw new Error('nodes');
    await expect(haFailover.check?.(ctx(m1, []))).rejects.toThrow(
      'no control plane holds the VIP 10.0.0.100',
    );
    await expect(haFailover.check?.(ctx(m1, ['master1', 'master3']))).rejects.toThrow(
      'more than one control plane holds the VIP 10.0.0.100 (master1, master3)',
    );
  });

  it('gives its script the other control planes, the VIP and the endpoint port', async () => {
    const [m1] = nodes;
    if (!m1) throw new Error('nodes');
    const spec = await haFailover.apply(ctx(m1, ['master1']));
    expect(spec.env).toMatchObject({
      LB: 'haproxy-keepalived',
      VIP: '10.0.0.100',
      API_PORT: '8443',
      HOLDER: 'master1',
      OTHERS: 'master2=10.0.0.12 master3=10.0.0.13',
      RESULT_FILE: '/var/lib/kubelab/runs/r20261208-010000-abcdef/ha-failover.result',
    });
    expect(spec.script).toContain('systemctl stop keepalived');
  });

  it('is refused for an external load balancer, before any step', () => {
    const external: ClusterPlan = {
      ...plan,
      loadBalancer: { kind: 'external' },
    };
    expect(() => haFailoverTestOperation.steps({}, { nodes, plan: external })).toThrow(
      /kubelab does not manage it/,
    );
    expect(haFailoverTestOperation.steps({}, { nodes, plan }).map((s) => s.id)).toEqual([
      'ha-vip-holder',
      'ha-failover',
    ]);
  });
});
