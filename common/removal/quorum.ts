/**
 * What removing one stacked etcd member does to etcd's quorum. etcd needs a majority of its
 * members, floor(n/2)+1, to commit anything, and a membership change is itself committed by
 * the members before it (https://etcd.io/docs/v3.4/faq/ "What is failure tolerance?";
 * https://etcd.io/docs/v3.4/op-guide/runtime-configuration/ "Reconfiguration requests can only
 * be processed when a majority of cluster members are functioning … It is unsafe to remove a
 * member from a two member cluster. The majority of a two member cluster is also two.").
 */
export function etcdQuorum(members: number): number {
  return Math.floor(members / 2) + 1;
}

/** The members as they are before the removal. */
export interface MemberCount {
  /** Members in etcd's member list (the control planes, for stacked etcd). */
  readonly members: number;
  /** Of those, the ones that answer (`etcdctl endpoint health --cluster`, or assumed). */
  readonly healthy: number;
  /** The member being removed is one of the healthy ones. */
  readonly targetHealthy: boolean;
}

/**
 * - `no-quorum-now`: too few members answer already; the removal cannot even be committed.
 * - `lost-after`: the removal commits, and then the members left cannot reach quorum: etcd, and
 *   the API server with it, stops.
 * - `two-members`: the documented unsafe case; any failure during the removal loses quorum, and
 *   one member is left, with no tolerance for failure.
 */
export type QuorumRisk = 'no-quorum-now' | 'lost-after' | 'two-members';

/** The risk of removing one member, or undefined when the removal keeps a working quorum. */
export function quorumRisk(c: MemberCount): QuorumRisk | undefined {
  if (c.members < 1) return undefined;
  if (c.healthy < etcdQuorum(c.members)) return 'no-quorum-now';
  const left = c.members - 1;
  const healthyLeft = c.healthy - (c.targetHealthy ? 1 : 0);
  if (left > 0 && healthyLeft < etcdQuorum(left)) return 'lost-after';
  if (c.members === 2) return 'two-members';
  return undefined;
}

/** The consequence of each risk, said before it is confirmed (`--force-quorum-loss`). */
export const QUORUM_RISK_CONSEQUENCE: Record<QuorumRisk, { en: string; zh: string }> = {
  'no-quorum-now': {
    en: 'etcd has already lost quorum: fewer than a majority of its members answer, so removing this member cannot be committed and the API server cannot write. Bring the other control planes back first, or restore etcd from a snapshot.',
    zh: 'etcd 已失去法定人数：应答的成员不足半数以上，因此无法提交移除该成员的操作，API 服务器也无法写入。请先恢复其他控制平面，或从快照恢复 etcd。',
  },
  'lost-after': {
    en: 'Removing this member breaks etcd quorum: the members left that answer are fewer than a majority, so etcd and the API server stop until the other control planes come back.',
    zh: '移除该成员将破坏 etcd 法定人数：剩余且应答的成员不足半数以上，etcd 和 API 服务器将停止，直到其他控制平面恢复。',
  },
  'two-members': {
    en: 'etcd has two members, and the majority of two is two: if anything fails during the removal, etcd loses quorum and the cluster stops; afterwards one member is left, with no tolerance for failure.',
    zh: 'etcd 只有两个成员，而两个成员的多数仍是两个：移除过程中任何故障都会使 etcd 失去法定人数、集群停止；之后只剩一个成员，无法容忍任何故障。',
  },
};
