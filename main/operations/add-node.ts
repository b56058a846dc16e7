import { isHaTopology } from '../../common/model/ha';
import { AppError } from '../../common/model/appError';
import type { NodeSpec } from '../../common/model/node';
import { ClusterPlanSchema } from '../../common/model/plan';
import { ADD_CONTROL_PLANE_STEPS, ADD_NODE_STEPS } from '../steps';
import { firstControlPlane } from '../steps/plan';
import { AddNodeParamsSchema, type AddNodeParams } from '../../common/model/addNodeParams';
import { projectNodeIds } from './nodeIdParams';
import type { OperationDef, OperationTarget } from './operation';

/**
 * Machines joining an installed cluster: the control plane's steps are re-checked (already done),
 * a fresh join token is minted there, and only the new machines are prepared and joined. In an HA
 * plan a machine may be a control plane (issue 19, "join a control plane later"): then the
 * certificates are re-uploaded when their Secret expired, stale etcd members are reconciled and
 * the control planes join one at a time. Its run adds to the cluster's record (the other
 * machines' tasks are kept).
 */
export const addNodeOperation: OperationDef<AddNodeParams> = {
  id: 'add-node',
  params: AddNodeParamsSchema,
  steps: (p, target) =>
    joiningControlPlanes(p, target).length > 0 ? ADD_CONTROL_PLANE_STEPS : ADD_NODE_STEPS,
  record: 'cluster',
  nodes: (p, target) => [
    ...new Set([controlPlaneOf(target).id, ...projectNodeIds(p.nodeIds, target)]),
  ],
};

/** The control planes among the joining machines, each checked to be one that can join. */
export function joiningControlPlanes(p: AddNodeParams, target: OperationTarget): NodeSpec[] {
  const first = controlPlaneOf(target);
  const topology = ClusterPlanSchema.safeParse(target.plan).data?.topology;
  const joining: NodeSpec[] = [];
  for (const [i, id] of projectNodeIds(p.nodeIds, target).entries()) {
    const node = target.nodes.find((n) => n.id === id);
    if (node?.role !== 'control-plane') continue;
    const field = `params.nodeIds.${i}`;
    if (!isHaTopology(topology)) {
      throw refusal(
        field,
        id,
        `node "${id}" is a control plane, but the plan has one control plane (topology single): kubeadm joins another control plane only to a cluster with a controlPlaneEndpoint. Make it a worker, or plan a highly available cluster from the start (the endpoint cannot be added after kubeadm init).`,
      );
    }
    if (node.id === first.id) {
      throw refusal(
        field,
        id,
        `node "${id}" is the plan's first control plane, where kubeadm init ran and the others join; it cannot join itself. List another, running control plane first in the project.`,
      );
    }
    joining.push(node);
  }
  return joining;
}

/** The machine that mints the join token (the first control plane); the joining ones follow it. */
function controlPlaneOf(target: OperationTarget): NodeSpec {
  const cp = firstControlPlane(target.nodes);
  if (!cp) {
    throw new AppError({
      code: 'invalid_plan',
      message: 'the project has no control-plane node to join machines to',
      field: 'nodes',
    });
  }
  return cp;
}

function refusal(field: string, nodeId: string, message: string): AppError {
  return new AppError({ code: 'invalid_params', message, field, nodeId });
}
