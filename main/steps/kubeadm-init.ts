import type { ClusterPlan } from '../../common/model/plan';
import { renderKubeadmConfig } from '../../common/plan/kubeadmConfig';
import { tail, type StepOutputs } from '../engine/step';
import script from './scripts/kubeadm-init.sh?raw';
import { apiEndpoint, isFirstControlPlane, planFacts } from './plan';
import { composeScript, scriptStep, type Ctx, type Env } from './scriptStep';

/** Parses `KL_OUT key=value` lines. */
export function parseOutputs(stdout: string): StepOutputs {
  const out: StepOutputs = {};
  for (const line of stdout.split('\n')) {
    const m = /^KL_OUT ([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m?.[1] && m[2] !== undefined) out[m[1]] = m[2];
  }
  return out;
}

/**
 * What a joining node needs, read on the control plane: endpoint, CA hash and a bootstrap token
 * (secret: kept in memory only and collected again after a restart, which mints a fresh one
 * once the old one is near its end).
 */
async function joinInfo(ctx: Ctx): Promise<StepOutputs> {
  const res = await ctx.remote.exec(composeScript(script), {
    env: { KL_MODE: 'join-info', KL_STEP: 'kubeadm-init' },
    root: true,
    signal: ctx.signal,
  });
  const out = parseOutputs(res.stdout);
  if (res.code !== 0 || !out.token || !out.caCertHash) {
    throw new Error(`cannot read the join information: ${tail(res.stderr || res.stdout)}`);
  }
  return { endpoint: apiEndpoint(ctx.plan), caCertHash: out.caCertHash, token: out.token };
}

export function kubeadmConfigFor(plan: ClusterPlan): string {
  return renderKubeadmConfig(plan);
}

export const kubeadmInit = scriptStep({
  id: 'kubeadm-init',
  diagnosisJournals: ['kubelet', 'runtime'],
  script,
  when: (node, _plan, nodes) => isFirstControlPlane(node, nodes),
  detached: true,
  retrySafe: false,
  timeoutMs: 20 * 60_000,
  // CRI_SOCKET: the `kubeadm reset -f` that cleans a failed earlier attempt before init again.
  env: ({ plan }, mode): Env =>
    mode === 'check'
      ? {}
      : { KUBEADM_CONFIG: kubeadmConfigFor(plan), CRI_SOCKET: planFacts(plan).criSocket },
  outputs: joinInfo,
  secretOutputs: ['token'],
});
