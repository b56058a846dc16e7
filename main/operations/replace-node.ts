import {
  planReplacement,
  ReplaceNodeParamsSchema,
  type Replacement,
  type ReplaceNodeParams,
} from '../../common/removal/replaceNode';
import { AppError } from '../../common/model/appError';
import { readProjectFile } from '../store/projectFile';
import { ADD_CONTROL_PLANE_STEPS, ADD_NODE_STEPS } from '../steps';
import { replaceNodeSteps } from '../steps/replace-node';
import { joiningControlPlanes } from './add-node';
import type { OperationDef, OperationTarget } from './operation';
import { removalOf } from './remove-node';

/**
 * The replacement of `p`, refused before anything runs (common/removal/replaceNode.ts names the
 * field), then checked as each part would be on its own: the removal as remove-node checks it
 * (etcd quorum for a control plane) and the join as add-node does (a control plane joins only an
 * HA plan).
 */
export function replacementOf(
  p: ReplaceNodeParams,
  target: OperationTarget,
  inCluster?: readonly string[],
): Replacement {
  const replacement = planReplacement(target.nodes, p, inCluster);
  asReplaceField('params.nodeId', 'params.oldNodeId', () =>
    removalOf(
      {
        nodeId: p.oldNodeId,
        ...(p.unreachable ? { unreachable: true } : {}),
        ...(p.confirmQuorumLoss ? { confirmQuorumLoss: true } : {}),
      },
      // The removal comes first: etcd's members then are the control planes without the spare.
      { ...target, nodes: target.nodes.filter((n) => n.id !== p.newNodeId) },
    ),
  );
  asReplaceField('params.nodeIds.0', 'params.newNodeId', () =>
    joiningControlPlanes({ nodeIds: [p.newNodeId] }, target),
  );
  return replacement;
}

/** A refusal of remove-node's or add-node's rules, naming replace-node's own field. */
function asReplaceField(from: string, to: string, check: () => unknown): void {
  try {
    check();
  } catch (err) {
    if (err instanceof AppError && err.field === from) {
      throw new AppError({ ...err.toData(), field: to });
    }
    throw err;
  }
}

/**
 * Replace a machine (destructive: confirmed): remove-node's steps for the old one, then
 * add-node's for the spare, in ONE run recorded as the cluster's record (it changes which
 * machines the cluster has, as add-node does): a run cut short resumes where it stopped, and once
 * it succeeds the old machine's tasks leave the record, so the faces see the spare in the cluster
 * and the old machine outside it.
 */
export const replaceNodeOperation: OperationDef<ReplaceNodeParams> = {
  id: 'replace-node',
  params: ReplaceNodeParamsSchema,
  record: 'cluster',
  steps: (p, target) => {
    const { removal, spare } = replacementOf(p, target);
    return replaceNodeSteps(
      {
        target: removal.target,
        controller: removal.controller,
        unreachable: p.unreachable === true,
        confirmQuorumLoss: p.confirmQuorumLoss === true,
        spare,
      },
      spare.role === 'control-plane' ? ADD_CONTROL_PLANE_STEPS : ADD_NODE_STEPS,
    );
  },
  nodes: (p, target) => {
    const { removal, spare } = replacementOf(p, target);
    return [
      ...(removal.controller ? [removal.controller.id] : []),
      ...(p.unreachable ? [] : [removal.target.id]),
      spare.id,
    ];
  },
  leaves: (p) => [p.oldNodeId],
  // A new run (not a resume) only: the old machine must be in the cluster's record and the spare
  // not yet — a resumed run has the spare's own tasks in it.
  beforeRun: async (p, target, host) => {
    if (!host.projectFile) return undefined;
    const { project } = await readProjectFile(host.projectFile);
    replacementOf(p, target, [...new Set(project.runState?.tasks.map((t) => t.nodeId))]);
    return undefined;
  },
};
