import { z } from 'zod';
import { AppError } from '../model/appError';
import { NodeSpecSchema, type NodeSpec } from '../model/node';
import { planRemoval, type Removal } from './removeNode';

/**
 * Replacing a node: the old machine removed the way remove-node does it (drained if reachable,
 * Node deleted, kubeadm reset and CNI leftovers cleaned if reachable), then a new machine joined
 * in its place with the same role, project entry and Node labels. Workers only for now: a
 * control plane joins through the HA join (kubeadm join --control-plane with the uploaded
 * certificates), which another operation owns.
 */
export const ReplaceNodeParamsSchema = z
  .object({
    nodeId: z.string().min(1).max(63),
    /** The new machine's SSH address (host name or IP). */
    with: z
      .string()
      .min(1)
      .max(253)
      .regex(/^[A-Za-z0-9.:-]+$/, 'must be a host name or an IP address'),
    /** The old machine cannot be reached: removed from the cluster without touching it. */
    unreachable: z.boolean().optional(),
  })
  .strict();
export type ReplaceNodeParams = z.infer<typeof ReplaceNodeParamsSchema>;

/** Said once, before the one confirmation: what the replacement destroys. */
export function replaceConsequence(old: NodeSpec, address: string): { en: string; zh: string } {
  return {
    en: `${old.id} (${old.address}) leaves the cluster: its pods are evicted, its Node object is deleted, and kubeadm reset wipes its Kubernetes state (kubelet, certificates, CNI configuration and interfaces, iptables rules). ${address} then joins as ${old.role} ${old.id} with the same labels.`,
    zh: `${old.id}（${old.address}）将离开集群：其 Pod 被驱逐，Node 对象被删除，kubeadm reset 清除其 Kubernetes 状态（kubelet、证书、CNI 配置与网卡、iptables 规则）。随后 ${address} 以 ${old.role} ${old.id} 的身份加入，并带有相同的标签。`,
  };
}

/** Why a control plane is refused, and where to go instead. */
export const CONTROL_PLANE_REPLACE_REFUSED = {
  en: 'Replacing a control plane is not offered here: remove it (kubelab remove-node), then join the new machine as a control plane through the high-availability join, which also replaces its etcd member.',
  zh: '此处不提供替换控制平面：请先移除它（kubelab remove-node），再通过高可用加入流程将新机器作为控制平面加入，该流程也会替换其 etcd 成员。',
};

export interface Replacement {
  removal: Removal;
  /** The project's entry for the new machine: the old one's id, role, labels and login. */
  successor: NodeSpec;
}

/**
 * Plans replacing `p.nodeId` by the machine at `p.with`, or throws an AppError naming the field:
 * an unknown node, a control plane, or an address another project machine already has. The
 * successor keeps the old entry's id and name (the project, its run record and the report follow the
 * slot, not the hardware), role, labels, port, user and login method; its host key is unknown
 * until first contact, so it is pinned then, as for any new machine.
 */
export function planReplacement(nodes: readonly NodeSpec[], p: ReplaceNodeParams): Replacement {
  const removal = planRemoval(nodes, p.nodeId);
  if (!removal) {
    throw new AppError({
      code: 'invalid_params',
      field: 'params.nodeId',
      message: `no machine "${p.nodeId}" in this project`,
    });
  }
  if (removal.target.role === 'control-plane') {
    throw new AppError({
      code: 'invalid_params',
      field: 'params.nodeId',
      nodeId: p.nodeId,
      message: CONTROL_PLANE_REPLACE_REFUSED.en,
    });
  }
  const address = p.with.toLowerCase();
  const taken = nodes.find((n) => n.address.toLowerCase() === address);
  if (taken) {
    throw new AppError({
      code: 'invalid_params',
      field: 'params.with',
      message:
        taken.id === p.nodeId
          ? `${p.with} is the address of ${p.nodeId} itself: a replacement is another machine`
          : `${p.with} is already the address of ${taken.id} in this project`,
    });
  }
  const { hostKey: _oldKey, ...kept } = removal.target;
  const successor = NodeSpecSchema.parse({ ...kept, address: p.with });
  return { removal, successor };
}

/**
 * The labels the kubelet or the control plane set on a Node themselves, which a replacement must
 * not copy: `kubernetes.io/hostname`, `kubernetes.io/os`, `kubernetes.io/arch` and their `beta.`
 * forms, `node.kubernetes.io/instance-type` and the topology labels (kubelet-registered, see
 * kubernetes.io/docs/reference/labels-annotations-taints/), and
 * `node-role.kubernetes.io/control-plane` / `node.kubernetes.io/exclude-from-external-load-balancers`
 * that kubeadm's mark-control-plane phase sets. Everything else on the old Node (the admin's own
 * labels, `node-role.kubernetes.io/<x>` of a worker) is carried to the new one.
 */
const OWN_LABELS = new Set([
  'kubernetes.io/hostname',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'node-role.kubernetes.io/control-plane',
  'node-role.kubernetes.io/master',
  'node.kubernetes.io/exclude-from-external-load-balancers',
]);

/** The old Node's labels to put on its successor, as `key=value` for `kubectl label`. */
export function labelsToCarry(labels: Readonly<Record<string, string>>): string[] {
  return Object.entries(labels)
    .filter(([key]) => !OWN_LABELS.has(key))
    .map(([key, value]) => `${key}=${value}`)
    .sort();
}
