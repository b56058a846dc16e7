import { AppError } from '../../common/model/appError';
import type { ClusterPlan } from '../../common/model/plan';
import { failingPods, hopRefusals, parseNodes } from '../../common/upgrade/hopSafety';
import { UpgradeRunParamsSchema } from '../../common/upgrade/runParams';
import { tail, type Step } from '../engine/step';
import { isFirstControlPlane, planFacts } from './plan';
import { composeScript, type Ctx } from './scriptStep';
import script from './scripts/upgrade-preflight.sh?raw';
import { hopPlan } from './upgradeHop';

const SEPARATOR = '---kubelab---';

/** The script's two JSON documents: the node list, then the kube-system pod list. */
async function readCluster(ctx: Ctx): Promise<{ nodes: string; pods: string }> {
  const res = await ctx.remote.exec(composeScript(script), { root: true, signal: ctx.signal });
  const [nodes, pods] = res.stdout.split(`\n${SEPARATOR}\n`);
  if (res.code !== 0 || nodes === undefined || pods === undefined) {
    throw new AppError({
      code: 'upgrade_refused',
      message: `reading the cluster's nodes and kube-system pods on ${ctx.node.name} failed (${tail(res.stderr || res.stdout)}); its health is unknown, nothing was changed`,
    });
  }
  return { nodes, pods };
}

/** The hop's minor (params.to checked as every upgrade step checks it) and the user's leave. */
function hopMinorOf(ctx: Ctx): { minor: number; acceptUnhealthy: boolean } {
  const minor = planFacts(hopPlan(ctx)).version.minor;
  const params = UpgradeRunParamsSchema.parse(ctx.params);
  return { minor, acceptUnhealthy: params.acceptUnhealthy === true };
}

/**
 * Before anything of a hop changes (every node's first step waits for it): kubelets within the
 * skew of the hop, every node Ready and no kube-system pod failing, unless the run accepts an
 * unhealthy cluster. Nothing to apply: a passing check is the step done; a refusal fails it with
 * every reason, in English and Chinese in its log. A resumed run keeps it done (same run).
 */
export const upgradePreflight: Step<ClusterPlan> = {
  id: 'upgrade-preflight',
  when: (node, _plan, nodes) => isFirstControlPlane(node, nodes),
  retries: 0,
  check: async (ctx) => {
    const { minor, acceptUnhealthy } = hopMinorOf(ctx);
    const live = await readCluster(ctx);
    const refusals = hopRefusals({
      nodes: parseNodes(live.nodes),
      pods: failingPods(live.pods),
      hopMinor: minor,
      acceptUnhealthy,
    });
    if (refusals.length === 0) return 'done';
    for (const r of refusals) ctx.log(`[kubelab] ${r.en}\n[kubelab] ${r.zh}`);
    throw new AppError({
      code: 'upgrade_refused',
      message: `the cluster is not ready for 1.${minor}; nothing was changed: ${refusals.map((r) => r.en).join(' ')}`,
    });
  },
  // Never run (the check passes or refuses); a dry run shows what the check reads.
  apply: (ctx) => {
    hopMinorOf(ctx);
    return { script: composeScript(script), env: {} };
  },
};
