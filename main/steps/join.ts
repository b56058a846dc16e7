import type { ClusterPlan } from '../../common/model/plan';
import { renderJoinConfig } from '../../common/plan/joinConfig';
import type { Ctx, Env, Mode } from './scriptStep';
import { apiEndpoint, planFacts } from './plan';

/**
 * The join environment shared by join-node and add-node: a JoinConfiguration holding a fresh
 * token from the control plane. The script writes it to a root-only file for `kubeadm join
 * --config`; the token is never an argument. Endpoint and CA hash (not secrets) are for the log.
 */
export async function joinEnv(ctx: Ctx, mode: Mode): Promise<Env> {
  if (mode === 'check') return {};
  const plan: ClusterPlan = ctx.plan;
  const info = await ctx.outputsOf('kubeadm-init');
  const endpoint = apiEndpoint(plan);
  const caCertHash = info.caCertHash ?? '';
  return {
    JOIN_CONFIG: renderJoinConfig(plan, { endpoint, token: info.token ?? '', caCertHash }),
    JOIN_ENDPOINT: endpoint,
    JOIN_CA_HASH: caCertHash,
    // Not a secret: for the `kubeadm reset -f` of a failed earlier join's leftovers.
    CRI_SOCKET: planFacts(plan).criSocket,
  };
}
