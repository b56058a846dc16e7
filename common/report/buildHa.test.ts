import { describe, expect, it } from 'vitest';
import type { HostFacts } from '../model/facts';
import type { NodeSpec } from '../model/node';
import type { ClusterPlan } from '../model/plan';
import type { SystemPod, Verification } from '../model/verification';
import { buildReport } from './build';
import { buildHa } from './buildHa';
import { ReportSchema } from './model';
import { guideReportInput } from './testing/guideFixture';
import { syntheticFacts } from './testing/syntheticFacts';

const guide = guideReportInput('en');
const cp = (id: string, last: number): NodeSpec => ({
  id,
  name: id,
  address: `192.168.100.${last}`,
  port: 22,
  user: 'root',
  auth: 'password',
  role: 'control-plane',
  labels: {},
});
const haNodes = [cp('master1', 111), cp('master2', 112), cp('master3', 113)];
const haPlan: ClusterPlan = {
  ...guide.project.plan,
  topology: 'stacked-etcd',
  controlPlaneEndpoint: '192.168.100.100:6443',
  loadBalancer: { kind: 'kube-vip', vip: '192.168.100.100', interface: 'eth0' },
};
const haProject = { ...guide.project, plan: haPlan, nodes: haNodes };

/** Each control plane's facts; `holder` has the VIP as a /32 on eth0, as kube-vip adds it. */
function factsWithVip(holder: string | undefined): HostFacts[] {
  return haNodes.map((n) => {
    const f = syntheticFacts(n);
    if (n.id !== holder) return f;
    const [eth0, ...rest] = f.interfaces;
    const vip = { family: 'inet' as const, address: '192.168.100.100', prefix: 32 };
    return eth0
      ? { ...f, interfaces: [{ ...eth0, addresses: [...eth0.addresses, vip] }, ...rest] }
      : f;
  });
}
const byNode = (facts: HostFacts[]): Map<string, HostFacts> =>
  new Map(facts.map((f) => [f.nodeId, f]));

const pod = (name: string, status: string, ready: boolean): SystemPod => ({
  namespace: 'kube-system',
  name,
  status,
  ready,
  restarts: 0,
});
/**
 * What Verify saw on a 3-control-plane cluster: master3 NotReady, master2's API server crash
 * looping, master3's etcd pod not listed at all (its kubelet is down).
 */
const verification: Verification = {
  checkedAt: '2026-12-07T10:00:00.000Z',
  nodes: [
    { name: 'master1', ready: true, status: 'Ready', roles: ['control-plane'] },
    { name: 'master2', ready: true, status: 'Ready', roles: ['control-plane'] },
    { name: 'master3', ready: false, status: 'NotReady', roles: ['control-plane'] },
  ],
  systemPods: [
    pod('kube-apiserver-master1', 'Running', true),
    pod('kube-apiserver-master2', 'CrashLoopBackOff', false),
    pod('kube-apiserver-master3', 'Running', true),
    pod('etcd-master1', 'Running', true),
    pod('etcd-master2', 'Running', true),
  ],
  apiServer: { status: 'ok' },
  dns: [],
  matrices: [],
};

describe('the report’s HA section', () => {
  it('is absent for a single control plane', () => {
    expect(buildReport(guide).ha).toBeNull();
  });

  it('names the endpoint, the load balancer, the members and the quorum; health unknown unverified', () => {
    const facts = factsWithVip('master2');
    expect(buildHa(haProject, byNode(facts))).toEqual({
      endpoint: 'https://192.168.100.100:6443',
      topology: 'stacked-etcd',
      loadBalancer: 'kube-vip',
      vip: '192.168.100.100',
      interface: 'eth0',
      controlPlanes: [
        { name: 'master1', address: '192.168.100.111', node: 'unknown', apiServer: 'unknown' },
        { name: 'master2', address: '192.168.100.112', node: 'unknown', apiServer: 'unknown' },
        { name: 'master3', address: '192.168.100.113', node: 'unknown', apiServer: 'unknown' },
      ],
      etcdMembers: [
        { name: 'master1', status: 'unknown' },
        { name: 'master2', status: 'unknown' },
        { name: 'master3', status: 'unknown' },
      ],
      toleratedFailures: 1,
      vipHolder: 'master2',
      vipSeenAt: facts[1]?.collectedAt,
      // No ha-failover-test run recorded.
      failoverTest: null,
    });
  });

  it('says "not checked" (null) when no facts show the VIP, and has no VIP behind an external LB', () => {
    expect(buildHa(haProject, byNode(factsWithVip(undefined)))?.vipHolder).toBeNull();
    expect(buildHa(haProject, new Map())?.vipHolder).toBeNull();
    const external = buildHa(
      {
        ...haProject,
        plan: {
          ...haPlan,
          topology: 'external-etcd',
          loadBalancer: { kind: 'external' },
          externalEtcdEndpoints: ['https://10.0.0.5:2379', 'https://10.0.0.6:2379'],
        },
      },
      byNode(factsWithVip('master1')),
    );
    expect(external).toMatchObject({
      loadBalancer: 'external',
      etcdMembers: [
        { name: 'https://10.0.0.5:2379', status: 'unknown' },
        { name: 'https://10.0.0.6:2379', status: 'unknown' },
      ],
      vipHolder: null,
    });
    expect(external?.toleratedFailures).toBe(0);
    expect(external).not.toHaveProperty('vip');
  });

  it('gives each control plane’s and etcd member’s health as the verification saw them', () => {
    const ha = buildHa(haProject, byNode(factsWithVip('master1')), verification);
    expect(ha?.controlPlanes).toEqual([
      {
        name: 'master1',
        address: '192.168.100.111',
        node: 'ready',
        apiServer: 'ok',
        apiServerDetail: 'Running',
      },
      {
        name: 'master2',
        address: '192.168.100.112',
        node: 'ready',
        apiServer: 'failed',
        apiServerDetail: 'CrashLoopBackOff',
      },
      {
        name: 'master3',
        address: '192.168.100.113',
        node: 'not-ready',
        apiServer: 'ok',
        apiServerDetail: 'Running',
      },
    ]);
    expect(ha?.etcdMembers).toEqual([
      { name: 'master1', status: 'ok', detail: 'Running' },
      { name: 'master2', status: 'ok', detail: 'Running' },
      { name: 'master3', status: 'unknown' },
    ]);
  });

  it('finds a mirror pod by the lower-cased node name, as the kubelet names it', () => {
    // Other ids, so nothing but the lower-cased name can tie a pod (or a node) to the spec.
    const upper = haNodes.map((n, i) => ({ ...n, id: `cp${i}`, name: n.name.toUpperCase() }));
    const ha = buildHa({ ...haProject, nodes: upper }, new Map(), verification);
    expect(ha?.controlPlanes.map((c) => [c.name, c.node, c.apiServer])).toEqual([
      ['MASTER1', 'unknown', 'ok'],
      ['MASTER2', 'unknown', 'failed'],
      ['MASTER3', 'unknown', 'ok'],
    ]);
    expect(ha?.etcdMembers.map((m) => m.status)).toEqual(['ok', 'ok', 'unknown']);
  });

  it('goes into the report and fits its schema', () => {
    const report = buildReport({
      ...guide,
      project: haProject,
      facts: factsWithVip('master3'),
      verification,
    });
    expect(report.ha?.vipHolder).toBe('master3');
    expect(report.ha?.controlPlanes[1]?.apiServer).toBe('failed');
    expect(() => ReportSchema.parse(report)).not.toThrow();
  });
});
