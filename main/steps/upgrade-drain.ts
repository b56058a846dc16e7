import type { NodeSpec } from '../../common/model/node';
import { UpgradeRunParamsSchema, type DrainBlocked } from '../../common/upgrade/runParams';
import script from './scripts/upgrade-drain.sh?raw';
import { firstControlPlane, isFirstControlPlane, nodeIp, planFacts } from './plan';
import { DRAIN_TIMEOUT } from './remove-node';
import { composeScript, scriptStep, type Ctx, type Env } from './scriptStep';
import { parseOutputs } from './kubeadm-init';
import { tail, type StepOutputs } from '../engine/step';
import { hopPlan, hopVersionEnv, upgradeRunEnv } from './upgradeHop';

/**
 * The flag that lets a drain evict pods with emptyDir volumes, for the kubectl that runs it:
 * kubectl 1.20 renamed --delete-local-data to --delete-emptydir-data (kubernetes/kubernetes#95076,
 * CHANGELOG-1.20; the old name then warns "Flag --delete-local-data has been deprecated").
 */
export function emptyDirFlag(kubectlMinor: number): string {
  return kubectlMinor >= 20 ? '--delete-emptydir-data' : '--delete-local-data';
}

/** kubectl drain's --disable-eviction arrived in kubectl 1.18 (kubernetes/kubernetes#85571). */
const DISABLE_EVICTION_SINCE = 18;

/**
 * The drain's flags for the kubectl that runs it and the user's choice for a blocking
 * PodDisruptionBudget. `force` adds --disable-eviction ("Force drain to use delete, even if
 * eviction is supported. This will bypass checking PodDisruptionBudgets", kubectl drain's
 * reference); a kubectl too old for it gets DRAIN_REFUSAL, which the script says before draining.
 */
export function drainEnv(kubectlMinor: number, blocked: DrainBlocked): Env {
  const flags = [emptyDirFlag(kubectlMinor)];
  if (blocked !== 'force') return { DRAIN_FLAGS: flags.join(' '), DRAIN_BLOCKED: blocked };
  if (kubectlMinor < DISABLE_EVICTION_SINCE) {
    return {
      DRAIN_FLAGS: flags.join(' '),
      DRAIN_BLOCKED: 'force',
      DRAIN_REFUSAL: `params.drainBlocked: force needs kubectl drain --disable-eviction (kubectl 1.${DISABLE_EVICTION_SINCE}+); this drain runs kubectl 1.${kubectlMinor}: choose wait`,
    };
  }
  return { DRAIN_FLAGS: [...flags, '--disable-eviction'].join(' '), DRAIN_BLOCKED: 'force' };
}

function drainStepEnv(ctx: Ctx): Env {
  const hopMinor = planFacts(hopPlan(ctx)).version.minor;
  const kubectlMinor = isFirstControlPlane(ctx.node, ctx.nodes) ? hopMinor - 1 : hopMinor;
  const params = UpgradeRunParamsSchema.safeParse(ctx.params).data;
  return {
    ...hopVersionEnv(ctx),
    ...upgradeRunEnv(ctx),
    TARGET_IP: nodeIp(ctx.node) || ctx.node.address,
    ...drainEnv(kubectlMinor, params?.drainBlocked ?? 'wait'),
    DRAIN_TIMEOUT: params?.drainTimeout === undefined ? DRAIN_TIMEOUT : `${params.drainTimeout}s`,
  };
}

/**
 * After the drain (read-only, KL_MODE=skipped on the first control plane): `upgradeSkipped` when
 * this run left the node on its version (drainBlocked: skip), so the run's record — and the
 * report's upgrade history (common/upgrade/hopProgress.ts) — says which node the hop skipped.
 */
async function drainSkippedOutput(ctx: Ctx): Promise<StepOutputs> {
  const res = await ctx.remote.exec(composeScript(script), {
    env: { ...drainStepEnv(ctx), KL_MODE: 'skipped', KL_STEP: 'upgrade-drain' },
    root: true,
    signal: ctx.signal,
  });
  if (res.code !== 0) {
    throw new Error(
      `cannot read whether the drain skipped ${ctx.node.name}: ${tail(res.stderr || res.stdout)}`,
    );
  }
  return parseOutputs(res.stdout);
}

/**
 * Every node, after its kubeadm step and before its kubelet: drained by kubectl on the first
 * control plane (only it holds admin.conf). The first control plane drains itself before its own
 * kubectl is upgraded, so it still runs the previous minor's kubectl; every other turn comes
 * after that node's upgrade-kubelet, so the hop's kubectl drains it.
 */
export const upgradeDrain = scriptStep({
  id: 'upgrade-drain',
  script,
  retries: 1,
  // kubectl drain waits DRAIN_TIMEOUT itself; this leaves it room.
  timeoutMs: 5 * 60_000,
  dependsOn: [
    { step: 'upgrade-apply', on: 'control-plane' },
    { step: 'upgrade-node', on: 'same-node' },
  ],
  runsOn: (_node: NodeSpec, nodes: readonly NodeSpec[]) => firstControlPlane(nodes),
  env: (ctx) => drainStepEnv(ctx),
  outputs: (ctx) => drainSkippedOutput(ctx),
});
