import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import { modernPlan } from '../../common/plan/presets';
import type { ExecOptions, Remote } from '../engine/remote';
import { noTransfers } from '../../tests/fakes/noTransfers';
import { readHaTopology } from './haTopology';

const node = (id: string, last: number): NodeSpec => ({
  id,
  name: id,
  address: `192.0.2.${last}`,
  port: 22,
  user: 'root',
  auth: 'key',
  role: 'control-plane',
  labels: {},
});
const nodes = [node('master1', 11), node('master2', 12), node('master3', 13)];
const plan: ClusterPlan = {
  ...modernPlan('192.0.2.11'),
  topology: 'stacked-etcd',
  controlPlaneEndpoint: '192.0.2.100:8443',
  loadBalancer: {
    kind: 'haproxy-keepalived',
    vip: '192.0.2.100',
    interface: 'eth0',
    virtualRouterId: 51,
  },
};

/** What ha-probe.sh prints on each machine (etcd: a member list and status in etcdctl's forms). */
function probe(addr: string, livez: string): string {
  return [
    '@@addr',
    `2: eth0    inet ${addr}/24 scope global eth0\\       valid_lft forever preferred_lft forever`,
    '@@livez',
    livez,
    '@@members',
    '2943212f5e2cf73, started, master2, https://192.0.2.12:2380, https://192.0.2.12:2379, false',
    'bdae9bbc11dd390d, started, master1, https://192.0.2.11:2380, https://192.0.2.11:2379, false',
    '@@status',
    '[{"Endpoint":"https://192.0.2.11:2379","Status":{"header":{"cluster_id":1,"member_id":13668033151171901709,"revision":1,"raft_term":2},"version":"3.4.23","dbSize":20480,"leader":185828541645115251}}]',
    '@@end',
  ].join('\n');
}

function remotes(seen: Map<string, ExecOptions>): (id: string) => Remote {
  return (id) => ({
    nodeId: id,
    exec: (_script, o) => {
      if (o) seen.set(id, o);
      if (id === 'master3') return Promise.reject(new Error('connect ETIMEDOUT 192.0.2.13:22'));
      const out =
        id === 'master1'
          ? probe('192.0.2.11', 'ok exit=0').replace(
              '@@livez',
              '2: eth0    inet 192.0.2.100/32 scope global eth0\n@@livez',
            )
          : probe('192.0.2.12', ' exit=7');
      return Promise.resolve({ code: 0, stdout: out, stderr: '' });
    },
    startDetached: () => Promise.reject(new Error('no')),
    followDetached: () => Promise.reject(new Error('no')),
    upload: () => Promise.reject(new Error('no')),
    ...noTransfers,
    download: () => Promise.reject(new Error('no')),
  });
}

describe('the live HA topology', () => {
  it('names the VIP holder, each API server’s /livez, an unreachable control plane and the etcd leader', async () => {
    const seen = new Map<string, ExecOptions>();
    const t = await readHaTopology(nodes, plan, remotes(seen));
    expect(t).toMatchObject({ ha: true, vip: '192.0.2.100', loadBalancer: 'haproxy-keepalived' });
    expect(t.controlPlanes.map((c) => [c.name, c.reachable, c.holdsVip, c.livez])).toEqual([
      ['master1', true, true, 'ok'],
      ['master2', true, false, 'failed'],
      ['master3', false, false, 'unknown'],
    ]);
    expect(t.controlPlanes[2]?.error).toContain('ETIMEDOUT');
    expect(t.etcdMembers.map((m) => [m.name, m.leader, m.answered])).toEqual([
      ['master2', true, false],
      ['master1', false, true],
    ]);
    // Each API server is asked directly, not through the endpoint.
    expect(seen.get('master2')?.env).toMatchObject({
      KL_LOCAL_API: 'https://192.0.2.12:6443',
      KL_VIP: '192.0.2.100',
      KL_LEASE: '0',
    });
  });

  it('a single control plane plan is not HA and asks nothing', async () => {
    const seen = new Map<string, ExecOptions>();
    const single = { ...modernPlan('192.0.2.11'), topology: 'single' as const };
    const t = await readHaTopology(nodes, single, remotes(seen));
    expect(t.ha).toBe(false);
    expect(seen.size).toBe(0);
  });
});
