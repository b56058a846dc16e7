import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import type { Step } from '../engine/step';
import deleteScript from './scripts/delete-node.sh?raw';
import drainScript from './scripts/drain-node.sh?raw';
import etcdScript from './scripts/remove-etcd-member.sh?raw';
import resetScript from './scripts/reset-removed-node.sh?raw';
import { nodeIp, planFacts } from './plan';
import { scriptStep } from './scriptStep';

/** How long a drain may take before the removal stops (kubectl drain --timeout). */
export const DRAIN_TIMEOUT = '120s';

/** Who does what in one removal (main/operations/remove-node.ts decides it). */
export interface RemovalRoles {
  /** The machine leaving the cluster. */
  readonly target: NodeSpec;
  /**
   * The control plane the cluster-side parts run on (drain, etcd member, node object); none when
   * the target is the last control plane: the cluster goes with it.
   */
  readonly controller?: NodeSpec;
  /** The target cannot be reached: nothing runs on it. */
  readonly unreachable: boolean;
  /** The user confirmed that removing the etcd member may break quorum (--force-quorum-loss). */
  readonly confirmQuorumLoss?: boolean;
}

/**
 * The steps of a removal, bound to its machines: drain (controller), etcd member removed
 * (controller, a control-plane target only), kubeadm reset and cleanup (the target, unless
 * unreachable), node object deleted (controller). The cross-node order is declared with
 * `all-nodes` dependencies; a step whose machine is not in the run has no task, and a
 * dependency on it counts as met.
 */
export function removeNodeSteps(r: RemovalRoles): readonly Step<ClusterPlan>[] {
  const onController = (node: NodeSpec): boolean => node.id === r.controller?.id;
  const targetIp = nodeIp(r.target) || r.target.address;
  return [
    scriptStep({
      id: 'drain-node',
      script: drainScript,
      when: (node) => onController(node) && !r.unreachable,
      env: ({ plan }) => ({
        TARGET_IP: targetIp,
        // kubectl 1.20 renamed --delete-local-data to --delete-emptydir-data.
        DRAIN_FLAGS:
          planFacts(plan).version.minor >= 20 ? '--delete-emptydir-data' : '--delete-local-data',
        DRAIN_TIMEOUT,
      }),
      // kubectl drain waits DRAIN_TIMEOUT itself; this leaves it room.
      timeoutMs: 5 * 60_000,
    }),
    scriptStep({
      id: 'remove-etcd-member',
      script: etcdScript,
      when: (node) => onController(node) && r.target.role === 'control-plane',
      env: () => ({ TARGET_IP: targetIp, CONFIRM_QUORUM_LOSS: r.confirmQuorumLoss ? '1' : '0' }),
    }),
    scriptStep({
      id: 'reset-removed-node',
      script: resetScript,
      when: (node) => node.id === r.target.id && !r.unreachable,
      dependsOn: [
        { step: 'drain-node', on: 'all-nodes' },
        { step: 'remove-etcd-member', on: 'all-nodes' },
      ],
      retries: 1,
      env: ({ node, plan }) => ({ CRI_SOCKET: planFacts(plan).criSocket, ADMIN_USER: node.user }),
    }),
    scriptStep({
      id: 'delete-node',
      script: deleteScript,
      when: onController,
      dependsOn: [{ step: 'reset-removed-node', on: 'all-nodes' }],
      env: () => ({
        TARGET_IP: targetIp,
        TARGET_LABEL: r.target.name,
        UNREACHABLE: r.unreachable ? '1' : '0',
      }),
    }),
  ];
}
