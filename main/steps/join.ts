import type { ClusterPlan } from '../../common/model/plan';
import type { Ctx, Env, Mode } from './scriptStep';
import { apiEndpoint, planFacts } from './plan';

/** The join environment shared by join-node and add-node: a fresh token from the control plane. */
export async function joinEnv(ctx: Ctx, mode: Mode): Promise<Env> {
  if (mode === 'check') return {};
  const plan: ClusterPlan = ctx.plan;
  const info = await ctx.outputsOf('kubeadm-init');
  return {
    JOIN_ENDPOINT: apiEndpoint(plan),
    JOIN_TOKEN: info.token ?? '',
    JOIN_CA_HASH: info.caCertHash ?? '',
    CRI_SOCKET: planFacts(plan).criSocket,
    IGNORE_PREFLIGHT: plan.ignorePreflightErrors.join(','),
  };
}
