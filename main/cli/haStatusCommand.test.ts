import { describe, expect, it } from 'vitest';
import type { HaTopology } from '../../common/contracts/cluster';
import { formatHaTopology } from './haStatusCommand';

const reading: HaTopology = {
  ha: true,
  endpoint: '192.0.2.100:8443',
  loadBalancer: 'haproxy-keepalived',
  vip: '192.0.2.100',
  controlPlanes: [
    {
      nodeId: 'm1',
      name: 'master1',
      address: '192.0.2.11',
      reachable: true,
      holdsVip: false,
      livez: 'ok',
      livezDetail: 'ok',
    },
    {
      nodeId: 'm2',
      name: 'master2',
      address: '192.0.2.12',
      reachable: true,
      holdsVip: true,
      livez: 'failed',
      livezDetail: 'curl exit 7',
    },
    {
      nodeId: 'm3',
      name: 'master3',
      address: '192.0.2.13',
      reachable: false,
      error: 'connect ETIMEDOUT',
      holdsVip: false,
      livez: 'unknown',
      livezDetail: '',
    },
  ],
  etcdMembers: [
    {
      id: 'a',
      name: 'master1',
      clientUrl: 'https://192.0.2.11:2379',
      answered: true,
      leader: true,
    },
    {
      id: 'b',
      name: 'master2',
      clientUrl: 'https://192.0.2.12:2379',
      answered: false,
      leader: false,
    },
  ],
  checkedAt: '2026-12-07T22:00:00.000Z',
};

describe('kubelab ha-status', () => {
  it('prints the VIP holder, each control plane, and etcd with its leader', () => {
    const text = formatHaTopology(reading);
    expect(text).toContain('VIP 192.0.2.100: held by master2\n');
    expect(text).toMatch(/master2\s+192\.0\.2\.12\s+VIP\s+livez failed \(curl exit 7\)/);
    expect(text).toContain('unreachable (connect ETIMEDOUT)');
    expect(text).toContain('etcd: 1 of 2 members answer');
    expect(text).toMatch(/master1\s+https:\/\/192\.0\.2\.11:2379 {2}leader/);
  });

  it('says when no control plane holds the VIP, and when the plan is not HA', () => {
    const lost = {
      ...reading,
      controlPlanes: reading.controlPlanes.map((c) => ({ ...c, holdsVip: false })),
    };
    expect(formatHaTopology(lost)).toContain('VIP 192.0.2.100: held by no control plane');
    expect(formatHaTopology({ ...reading, ha: false })).toContain('single control plane');
  });
});
