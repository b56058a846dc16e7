import {
  LAST_CONTROL_PLANE_CONSEQUENCE,
  planRemoval,
  RemoveNodeParamsSchema,
  type Removal,
  type RemoveNodeParams,
} from '../../common/removal/removeNode';
import { AppError } from '../../common/model/appError';
import { QUORUM_RISK_CONSEQUENCE, quorumRisk } from '../../common/removal/quorum';
import { removeNodeSteps } from '../steps';
import type { OperationDef, OperationTarget } from './operation';
import { projectNodeIds } from './nodeIdParams';

/**
 * The removal of `p`, refused before anything runs when the machine is not in the project, is
 * the last control plane and that was not confirmed, or is the last control plane and cannot be
 * reached (there would be nothing to run anywhere).
 */
export function removalOf(p: RemoveNodeParams, target: OperationTarget): Removal {
  projectNodeIds([p.nodeId], target);
  const removal = planRemoval(target.nodes, p.nodeId);
  if (!removal) throw new Error(`no node ${p.nodeId}`);
  if (removal.lastControlPlane && !p.confirmLastControlPlane) {
    throw new AppError({
      code: 'not_confirmed',
      field: 'params.confirmLastControlPlane',
      nodeId: p.nodeId,
      message: `${LAST_CONTROL_PLANE_CONSEQUENCE.en} Confirm it to go on.`,
    });
  }
  if (removal.lastControlPlane && p.unreachable) {
    throw new AppError({
      code: 'invalid_params',
      field: 'params.unreachable',
      nodeId: p.nodeId,
      message: `${p.nodeId} is the last control plane and cannot be reached: there is no cluster left to remove it from`,
    });
  }
  checkQuorum(p, removal, target);
  return removal;
}

/**
 * A control plane's etcd member whose removal would break quorum, judged from the project (every
 * other control plane assumed to answer; an unreachable target does not): refused unless
 * confirmed by name. The remove-etcd-member script checks it again against the members' live
 * health, where a dead machine the project does not know of shows.
 */
function checkQuorum(p: RemoveNodeParams, removal: Removal, target: OperationTarget): void {
  if (removal.target.role !== 'control-plane' || removal.lastControlPlane) return;
  const members = target.nodes.filter((n) => n.role === 'control-plane').length;
  const risk = quorumRisk({
    members,
    healthy: members - (p.unreachable ? 1 : 0),
    targetHealthy: p.unreachable !== true,
  });
  if (!risk || p.confirmQuorumLoss) return;
  throw new AppError({
    code: 'not_confirmed',
    field: 'params.confirmQuorumLoss',
    nodeId: p.nodeId,
    message: `${QUORUM_RISK_CONSEQUENCE[risk].en} Confirm it to go on.`,
  });
}

/**
 * Take one machine out of the cluster (destructive: confirmed): drained, its etcd member removed
 * (control plane), kubeadm reset and cleaned, its node object deleted. With `unreachable`, the
 * cluster-side parts only, and what is left on the machine is said.
 */
export const removeNodeOperation: OperationDef<RemoveNodeParams> = {
  id: 'remove-node',
  params: RemoveNodeParamsSchema,
  steps: (p, target) => {
    const r = removalOf(p, target);
    return removeNodeSteps({
      target: r.target,
      controller: r.controller,
      unreachable: p.unreachable === true,
      confirmQuorumLoss: p.confirmQuorumLoss === true,
    });
  },
  nodes: (p, target) => {
    const r = removalOf(p, target);
    return [...(r.controller ? [r.controller.id] : []), ...(p.unreachable ? [] : [r.target.id])];
  },
  // The removed machine only (reachable or not): the control plane that removed it stays.
  leaves: (p) => [p.nodeId],
};
