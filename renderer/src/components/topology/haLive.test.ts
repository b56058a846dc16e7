import { describe, expect, it } from 'vitest';
import type { HaTopology } from '../../../../common/contracts/cluster';
import { etcdLeader, etcdQuorum, vipState } from './haLive';

const cp = (name: string, holdsVip: boolean): HaTopology['controlPlanes'][number] => ({
  nodeId: name,
  name,
  address: '192.0.2.1',
  reachable: true,
  holdsVip,
  livez: 'ok',
  livezDetail: 'ok',
});
const member = (
  name: string,
  answered: boolean,
  leader = false,
): HaTopology['etcdMembers'][number] => ({
  id: name,
  name,
  clientUrl: '',
  answered,
  leader,
});
const topology = (holders: boolean[], members = [member('m1', true, true)]): HaTopology => ({
  ha: true,
  vip: '192.0.2.100',
  controlPlanes: holders.map((h, i) => cp(`master${i + 1}`, h)),
  etcdMembers: members,
  checkedAt: '2026-12-07T21:00:00.000Z',
});

describe('the live HA view', () => {
  it('names the VIP holder; a control plane that lost it shows on the next reading', () => {
    expect(vipState(topology([true, false, false]))).toEqual({
      state: 'held',
      holders: ['master1'],
    });
    expect(vipState(topology([false, true, false]))).toEqual({
      state: 'held',
      holders: ['master2'],
    });
    expect(vipState(topology([false, false, false])).state).toBe('none');
    expect(vipState(topology([true, true, false])).state).toBe('split');
    expect(vipState({ ...topology([false]), vip: undefined }).state).toBe('no-vip');
  });

  it('counts etcd quorum and names the leader', () => {
    const t = topology([true], [member('m1', true, true), member('m2', true), member('m3', false)]);
    expect(etcdLeader(t)).toBe('m1');
    expect(etcdQuorum(t)).toEqual({ answering: 2, members: 3, quorum: true });
    const lost = topology([true], [member('m1', true), member('m2', false), member('m3', false)]);
    expect(etcdQuorum(lost).quorum).toBe(false);
    expect(etcdLeader(lost)).toBeUndefined();
  });
});
