import type { AddNodeParams } from '../../common/model/addNodeParams';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import type { Step, StepContext } from '../engine/step';
import { removeNodeSteps, type RemovalRoles } from './remove-node';

/** Who does what in one replacement (main/operations/replace-node.ts decides it). */
export interface ReplacementRoles extends RemovalRoles {
  /** The spare machine joining in the target's place (same role). */
  readonly spare: NodeSpec;
}

/**
 * One run, two parts: remove-node's steps for the old machine (drain, etcd member, kubeadm reset
 * when reachable, Node deleted), then add-node's `joinSteps` for the spare (ADD_NODE_STEPS, or
 * ADD_CONTROL_PLANE_STEPS for a control plane), each of which waits for delete-node: the spare
 * joins a cluster that no longer lists the old machine. The run is one record, so a run cut short
 * after the removal resumes with the join.
 */
export function replaceNodeSteps(
  r: ReplacementRoles,
  joinSteps: readonly Step<ClusterPlan>[],
): readonly Step<ClusterPlan>[] {
  return [...removeNodeSteps(r), ...joinSteps.map((s) => joinPart(s, r.target.id, r.spare.id))];
}

/**
 * An add-node step as the replacement's second part: never on the old machine, after the old
 * Node is deleted, and seeing the cluster as add-node would once the old machine is gone — the
 * project's machines without it (wait-ready does not wait for it, an HA join does not count it as
 * a control plane) and add-node's parameters naming the spare (what reconcile-etcd-members reads).
 */
export function joinPart(
  step: Step<ClusterPlan>,
  oldId: string,
  spareId: string,
): Step<ClusterPlan> {
  const without = (nodes: readonly NodeSpec[]): NodeSpec[] => nodes.filter((n) => n.id !== oldId);
  const params: AddNodeParams = { nodeIds: [spareId] };
  const asAdd = (ctx: StepContext<ClusterPlan>): StepContext<ClusterPlan> => ({
    ...ctx,
    nodes: without(ctx.nodes),
    params,
  });
  const { check, verify, outputs, after, runsOn, when } = step;
  return {
    ...step,
    when: (node, plan, nodes) =>
      node.id !== oldId && (when ? when.call(step, node, plan, without(nodes)) : true),
    dependsOn: [...(step.dependsOn ?? []), { step: 'delete-node', on: 'all-nodes' }],
    after: after && ((node, nodes) => after.call(step, node, without(nodes))),
    runsOn: runsOn && ((node, nodes) => runsOn.call(step, node, without(nodes))),
    check: check && ((ctx) => check.call(step, asAdd(ctx))),
    apply: (ctx) => step.apply(asAdd(ctx)),
    verify: verify && ((ctx) => verify.call(step, asAdd(ctx))),
    outputs: outputs && ((ctx) => outputs.call(step, asAdd(ctx))),
  };
}
