import { RESET_NODE_STEPS } from '../steps';
import { drainBeforeReset } from './drainBeforeReset';
import { NodeIdParamsSchema, projectNodeIds, type NodeIdParams } from './nodeIdParams';
import type { OperationDef } from './operation';

/** One machine drained, deleted from the cluster and kubeadm-reset (destructive: confirmed). */
export const resetNodeOperation: OperationDef<NodeIdParams> = {
  id: 'reset-node',
  params: NodeIdParamsSchema,
  steps: () => RESET_NODE_STEPS,
  nodes: (p, target) => projectNodeIds([p.nodeId], target),
  leaves: (p) => [p.nodeId],
  prelude: (p, target, remoteFor) =>
    drainBeforeReset(p.nodeId, target, remoteFor, RESET_NODE_STEPS[0]?.id ?? 'reset-node'),
};
