import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import { nodeTurns } from '../../common/upgrade/nodeOrder';
import type { Step, TaskRef } from '../engine/step';

/** The step that ends a node's turn, and the steps that begin one. */
const TURN_END = 'upgrade-uncordon';
const TURN_START = new Set(['upgrade-apply', 'upgrade-node']);

/**
 * What `node`'s turn waits for: the uncordon of every node of the previous turn (common/upgrade/
 * nodeOrder.ts: the first control plane, the others one at a time, then workers in batches).
 */
export function previousTurn(
  node: NodeSpec,
  nodes: readonly NodeSpec[],
  batchSize: number,
): TaskRef[] {
  const turns = nodeTurns(nodes, '', batchSize, {});
  const mine = turns.find((t) => t.nodeId === node.id);
  if (!mine || mine.phase === 0) return [];
  return turns
    .filter((t) => t.phase === mine.phase - 1)
    .map((t) => ({ step: TURN_END, nodeId: t.nodeId }));
}

/**
 * The hop's steps with the turn order laid on: a node's kubeadm step (apply or node) starts once
 * the previous turn's nodes are uncordoned. Repositories and kubeadm packages go everywhere at
 * once: they change nothing that runs.
 */
export function orderedUpgradeSteps(
  steps: readonly Step<ClusterPlan>[],
  batchSize: number,
): Step<ClusterPlan>[] {
  return steps.map((s) =>
    TURN_START.has(s.id)
      ? { ...s, after: (node, nodes) => previousTurn(node, nodes, batchSize) }
      : s,
  );
}
