import { ClusterPlanSchema } from '../../common/model/plan';
import type { NodeSpec } from '../../common/model/node';
import type { PreludeReport } from '../engine/runnable';
import type { Remote } from '../engine/remote';
import { tail } from '../engine/step';
import { firstControlPlane } from '../steps/plan';
import { drainSpec } from '../steps/reset-node';
import type { OperationTarget } from './operation';

/**
 * Before a machine's reset, on the first control plane: drain it and delete it from the cluster.
 * Best effort (the reset was confirmed): a failed or unreachable drain is reported on the reset
 * cell's log and the reset goes on. The control plane itself is not drained by itself.
 */
export async function drainBeforeReset(
  nodeId: string,
  target: OperationTarget,
  remoteFor: (node: NodeSpec) => Remote | Promise<Remote>,
  resetStepId: string,
): Promise<PreludeReport | undefined> {
  const node = target.nodes.find((n) => n.id === nodeId);
  const cp = firstControlPlane(target.nodes);
  if (!node || !cp || cp.id === node.id) return undefined;
  const report = (text: string): PreludeReport => ({ text, stepId: resetStepId, nodeId });
  const plan = ClusterPlanSchema.safeParse(target.plan);
  if (!plan.success) return report(`[kubelab] the plan is not valid; ${nodeId} was not drained\n`);
  const spec = drainSpec(plan.data, node);
  try {
    const remote = await remoteFor(cp);
    const res = await remote.exec(spec.script, { env: spec.env, root: true });
    if (res.code === 0) return report(res.stdout);
    return report(
      `${res.stdout}[kubelab] draining ${nodeId} failed (${tail(res.stderr)}); resetting it anyway\n`,
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return report(
      `[kubelab] cannot reach ${cp.name} to drain ${nodeId} (${message}); resetting it anyway\n`,
    );
  }
}
