import { ClusterPlanSchema } from '../../common/model/plan';
import type { DayTwoDeps } from '../engine/installService';
import { tail } from '../engine/step';
import { ADD_NODE_STEPS, RESET_CLUSTER_STEPS, RESET_NODE_STEPS } from '../steps';
import { firstControlPlane } from '../steps/plan';
import { drainSpec } from '../steps/reset-node';

/**
 * What `install.reset` runs: `kubelab reset`'s step lists, and its drain — on the control plane,
 * before a node's reset, the node is drained and deleted from the cluster. Best effort, as in the
 * CLI: a failed or unreachable drain is reported (on the reset cell's log) and the reset goes on.
 */
export const dayTwoDeps: DayTwoDeps = {
  addNode: ADD_NODE_STEPS,
  resetNode: RESET_NODE_STEPS,
  resetCluster: RESET_CLUSTER_STEPS,
  async drain(target, t, remoteFor) {
    const cp = firstControlPlane(t.nodes);
    if (!cp || cp.id === target.id) return '';
    const plan = ClusterPlanSchema.safeParse(t.plan);
    if (!plan.success) return `[kubelab] the plan is not valid; ${target.id} was not drained\n`;
    const spec = drainSpec(plan.data, target);
    try {
      const remote = await remoteFor(cp);
      const res = await remote.exec(spec.script, { env: spec.env, root: true });
      if (res.code === 0) return res.stdout;
      return `${res.stdout}[kubelab] draining ${target.id} failed (${tail(res.stderr)}); resetting it anyway\n`;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return `[kubelab] cannot reach ${cp.name} to drain ${target.id} (${message}); resetting it anyway\n`;
    }
  },
};
