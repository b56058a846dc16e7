import { AppError } from '../../common/model/appError';
import { ADD_NODE_STEPS } from '../steps';
import { firstControlPlane } from '../steps/plan';
import { NodeIdsParamsSchema, projectNodeIds, type NodeIdsParams } from './nodeIdParams';
import type { OperationDef, OperationTarget } from './operation';

/**
 * Machines joining an installed cluster: the control plane's steps are re-checked (already done),
 * a fresh join token is minted there, and only the new machines are prepared and joined. Its run
 * adds to the cluster's record (the other machines' tasks are kept).
 */
export const addNodeOperation: OperationDef<NodeIdsParams> = {
  id: 'add-node',
  params: NodeIdsParamsSchema,
  steps: () => ADD_NODE_STEPS,
  record: 'cluster',
  nodes: (p, target) => [
    ...new Set([controlPlaneOf(target), ...projectNodeIds(p.nodeIds, target)]),
  ],
};

/** The machine that mints the join token (the first control plane); the joining ones follow it. */
function controlPlaneOf(target: OperationTarget): string {
  const cp = firstControlPlane(target.nodes);
  if (!cp) {
    throw new AppError({
      code: 'invalid_plan',
      message: 'the project has no control-plane node to join machines to',
      field: 'nodes',
    });
  }
  return cp.id;
}
