import type { HaTopology } from '../../../../common/contracts/cluster';

/** How often the live HA view asks again while it is shown (issue 19: "within seconds"). */
export const HA_LIVE_REFRESH_MS = 4_000;

export type VipState = 'held' | 'none' | 'split' | 'no-vip';

/**
 * Who holds the VIP, read from the control planes' own interfaces: one holder is healthy; none
 * means no control plane announces it (the API is unreachable through it); more than one is a
 * split brain (two machines answer ARP for the API's address). Plans without a VIP (an external
 * load balancer) have nothing to hold.
 */
export function vipState(t: HaTopology): { state: VipState; holders: string[] } {
  if (!t.vip) return { state: 'no-vip', holders: [] };
  const holders = t.controlPlanes.filter((c) => c.holdsVip).map((c) => c.name);
  if (holders.length === 0) return { state: 'none', holders };
  return { state: holders.length === 1 ? 'held' : 'split', holders };
}

/** The etcd leader's name, if the members agree on one. */
export function etcdLeader(t: HaTopology): string | undefined {
  return t.etcdMembers.find((m) => m.leader)?.name;
}

/** `<answering> of <members>` etcd members, and whether that is still a majority (quorum). */
export function etcdQuorum(t: HaTopology): { answering: number; members: number; quorum: boolean } {
  const members = t.etcdMembers.length;
  const answering = t.etcdMembers.filter((m) => m.answered).length;
  return { answering, members, quorum: members > 0 && answering >= Math.floor(members / 2) + 1 };
}
