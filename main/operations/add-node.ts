import { ADD_NODE_STEPS } from '../steps';
import { NodeIdsParamsSchema, projectNodeIds, type NodeIdsParams } from './nodeIdParams';
import type { OperationDef } from './operation';

/**
 * Machines joining an installed cluster: the control plane's steps are re-checked (already done),
 * a fresh join token is minted there, and only the new machines are prepared and joined.
 */
export const addNodeOperation: OperationDef<NodeIdsParams> = {
  id: 'add-node',
  params: NodeIdsParamsSchema,
  steps: () => ADD_NODE_STEPS,
  nodes: (p, target) => projectNodeIds(p.nodeIds, target),
};
