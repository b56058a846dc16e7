import { z } from 'zod';
import { AppError } from '../model/appError';
import type { NodeSpec } from '../model/node';
import { planRemoval, type Removal } from './removeNode';

/**
 * Replacing a node (issue 21 point 3): the old machine removed the way remove-node does it
 * (drained, its etcd member removed for a control plane, kubeadm reset when reachable, its Node
 * deleted), then a spare machine of the project with the same role joined the way add-node does
 * it (a worker join, or a control-plane join in an HA plan). One run does both
 * (main/operations/replace-node.ts).
 */
export const ReplaceNodeParamsSchema = z
  .object({
    /** The machine leaving the cluster (an id of the project). */
    oldNodeId: z.string().min(1).max(63),
    /** The spare machine joining in its place (an id of the project, not in the cluster yet). */
    newNodeId: z.string().min(1).max(63),
    /** The old machine cannot be reached: removed from the cluster without touching it. */
    unreachable: z.boolean().optional(),
    /** A control plane whose etcd member removal breaks quorum (common/removal/quorum.ts). */
    confirmQuorumLoss: z.boolean().optional(),
  })
  .strict();
export type ReplaceNodeParams = z.infer<typeof ReplaceNodeParamsSchema>;

/** Said once, before the one confirmation: what the replacement destroys and what follows. */
export function replaceConsequence(
  old: NodeSpec,
  spare: NodeSpec,
  unreachable: boolean,
): { en: string; zh: string } {
  if (unreachable) {
    return {
      en: `${old.id} (${old.address}) cannot be reached: its Node object${old.role === 'control-plane' ? ' and etcd member are' : ' is'} deleted without touching the machine (its pods are rescheduled elsewhere). ${spare.id} (${spare.address}) then joins as a ${old.role}.`,
      zh: `${old.id}（${old.address}）无法连接：不改动该机器，直接删除其 Node 对象${old.role === 'control-plane' ? '和 etcd 成员' : ''}（其 Pod 将调度到别处）。随后 ${spare.id}（${spare.address}）以 ${old.role} 身份加入。`,
    };
  }
  return {
    en: `${old.id} (${old.address}) leaves the cluster: its pods are evicted, its Node object${old.role === 'control-plane' ? ' and etcd member are' : ' is'} deleted, and kubeadm reset wipes its /etc/kubernetes (certificates, kubeconfigs, static pods), CNI configuration and interfaces and iptables rules. ${spare.id} (${spare.address}) then joins as a ${old.role}.`,
    zh: `${old.id}（${old.address}）将离开集群：其 Pod 被驱逐，Node 对象${old.role === 'control-plane' ? '和 etcd 成员' : ''}被删除，kubeadm reset 清除其 /etc/kubernetes（证书、kubeconfig、静态 Pod）、CNI 配置与网卡以及 iptables 规则。随后 ${spare.id}（${spare.address}）以 ${old.role} 身份加入。`,
  };
}

export interface Replacement {
  removal: Removal;
  /** The spare machine that joins in the old one's place. */
  spare: NodeSpec;
}

/**
 * Plans replacing `p.oldNodeId` by `p.newNodeId`, or throws an AppError naming the field: an
 * unknown machine, the same machine twice, machines of different roles, the plan's first control
 * plane as either (where kubeadm init ran: the joins take their token and CA hash there, and the
 * other parts run there), and — when the cluster's machines are known
 * (`inCluster`, the ids the cluster's record has) — an old machine outside the cluster or a new
 * one already in it.
 */
export function planReplacement(
  nodes: readonly NodeSpec[],
  p: ReplaceNodeParams,
  inCluster?: readonly string[],
): Replacement {
  const old = nodes.find((n) => n.id === p.oldNodeId);
  if (!old) throw refusal('not_found', 'oldNodeId', `no machine "${p.oldNodeId}" in this project`);
  const spare = nodes.find((n) => n.id === p.newNodeId);
  if (!spare) {
    throw refusal('not_found', 'newNodeId', `no machine "${p.newNodeId}" in this project`);
  }
  if (spare.id === old.id) {
    throw refusal(
      'invalid_params',
      'newNodeId',
      `${old.id} is named twice: the new machine must be another machine of the project`,
    );
  }
  if (spare.role !== old.role) {
    throw refusal(
      'invalid_params',
      'newNodeId',
      `${spare.id} is a ${spare.role} and ${old.id} a ${old.role}: a replacement has the same role (change ${spare.id}'s role first)`,
    );
  }
  const first = nodes.find((n) => n.role === 'control-plane');
  for (const [field, n] of [
    ['oldNodeId', old],
    ['newNodeId', spare],
  ] as const) {
    if (n === first) {
      throw refusal(
        'invalid_params',
        field,
        `${n.id} is the plan's first control plane, where kubeadm init ran and the joins take their token: list another running control plane first in the project, then replace`,
      );
    }
  }
  const removal = planRemoval(nodes, old.id);
  if (!removal?.controller) {
    throw refusal(
      'invalid_params',
      'oldNodeId',
      `the project has no control plane to remove ${old.id} from and join ${spare.id} to`,
    );
  }
  if (inCluster && !inCluster.includes(old.id)) {
    throw refusal('invalid_params', 'oldNodeId', `${old.id} is not in the cluster`);
  }
  if (inCluster?.includes(spare.id)) {
    throw refusal(
      'invalid_params',
      'newNodeId',
      `${spare.id} is already in the cluster: the new machine must be a spare one`,
    );
  }
  return { removal, spare };
}

function refusal(code: string, field: string, message: string): AppError {
  return new AppError({ code, field: `params.${field}`, message });
}
