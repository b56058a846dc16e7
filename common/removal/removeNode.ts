import { z } from 'zod';
import type { NodeSpec } from '../model/node';
import type { RunState } from '../model/runEvent';

/** The remove-node operation's parameters. */
export const RemoveNodeParamsSchema = z
  .object({
    nodeId: z.string().min(1).max(63),
    /** The machine cannot be reached: remove it from the cluster (and etcd) without touching it. */
    unreachable: z.boolean().optional(),
    /** Removing the last control plane ends the cluster: asked for by name, once. */
    confirmLastControlPlane: z.boolean().optional(),
    /** Removing a control plane whose etcd member would break quorum (common/removal/quorum.ts). */
    confirmQuorumLoss: z.boolean().optional(),
  })
  .strict();
export type RemoveNodeParams = z.infer<typeof RemoveNodeParamsSchema>;

/** What removing the last control plane means, said before it is confirmed. */
export const LAST_CONTROL_PLANE_CONSEQUENCE = {
  en: 'This is the last control plane: removing it ends the cluster (its etcd data, certificates and every workload), and the other machines are left without a control plane.',
  zh: '这是最后一个控制平面：移除它将终结整个集群（其 etcd 数据、证书和所有工作负载），其余机器将没有控制平面。',
};

/** What an unreachable machine keeps, since nothing is run on it. */
export const LEFT_ON_UNREACHABLE = {
  en: 'The machine was not touched: its kubelet, certificates and kubeconfigs, static pod manifests, CNI configuration and interfaces and iptables rules are still on it. Reset it (kubelab reset --node) once it is reachable, before it rejoins.',
  zh: '未改动该机器：其 kubelet、证书和 kubeconfig、静态 Pod 清单、CNI 配置与网卡以及 iptables 规则仍在其上。在它重新加入之前，待其可连接后将其重置（kubelab reset --node）。',
};

export interface Removal {
  target: NodeSpec;
  /** The control plane that drains, removes the etcd member and deletes the node object. */
  controller?: NodeSpec;
  /** The target is the only control plane of the project. */
  lastControlPlane: boolean;
}

/**
 * Who does what: the first control plane other than the target runs the cluster-side parts;
 * without one (the target is the last control plane) there is no cluster left to update.
 * Undefined when the project has no such machine.
 */
export function planRemoval(nodes: readonly NodeSpec[], nodeId: string): Removal | undefined {
  const target = nodes.find((n) => n.id === nodeId);
  if (!target) return undefined;
  const controller = nodes.find((n) => n.role === 'control-plane' && n.id !== nodeId);
  return { target, controller, lastControlPlane: target.role === 'control-plane' && !controller };
}

/**
 * The recorded run once a removal succeeded: the removed machine's tasks are dropped (they no
 * longer describe it, so the faces offer it to join again and the next install checks it
 * afresh), and so are the removal's own tasks on the other machines (`stepIds`): they describe
 * the operation, not those machines. Undefined when nothing is left to record.
 */
export function forgetRemovedNode(
  state: RunState,
  nodeId: string,
  stepIds: readonly string[],
): RunState | undefined {
  const tasks = state.tasks.filter((t) => t.nodeId !== nodeId && !stepIds.includes(t.stepId));
  return tasks.length > 0 ? { ...state, tasks } : undefined;
}
