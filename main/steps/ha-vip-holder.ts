import { failoverRefusal, holdsVip } from '../../common/plan/ha/failover';
import { AppError } from '../../common/model/appError';
import type { ClusterPlan } from '../../common/model/plan';
import type { Step } from '../engine/step';
import script from './scripts/ha-vip-holder.sh?raw';
import type { Ctx } from './scriptStep';
import { composeScript } from './scriptStep';

/** The plan's VIP, or a refusal naming why the plan has none kubelab runs. */
export function failoverVip(plan: ClusterPlan): string {
  const refusal = failoverRefusal(plan);
  const lb = plan.loadBalancer;
  if (refusal || !lb || lb.kind === 'external') {
    throw new AppError({
      code: 'invalid_plan',
      field: 'plan.loadBalancer.kind',
      message: refusal ?? 'no VIP',
    });
  }
  return lb.vip;
}

/**
 * ha-vip-holder: read-only, on every control plane at once, before anyone gives the VIP up. Its
 * outputs (`holds: yes|no`) are the snapshot ha-failover picks the holder from, so a control
 * plane that takes the VIP during the test is never taken for the one the test started from.
 */
export const haVipHolder: Step<ClusterPlan> = {
  id: 'ha-vip-holder',
  appliesTo: ['control-plane'],
  timeoutMs: 30_000,
  retries: 1,
  apply: (ctx: Ctx) => ({
    script: composeScript(script),
    env: { VIP: failoverVip(ctx.plan) },
    root: false,
  }),
  // The same read-only script again, parsed (the apply's output went to the log).
  outputs: async (ctx: Ctx) => {
    const vip = failoverVip(ctx.plan);
    const res = await ctx.remote.exec(composeScript(script), {
      env: { VIP: vip },
      root: false,
      signal: ctx.signal,
    });
    if (res.code !== 0) throw new Error(`ha-vip-holder exited ${res.code}: ${res.stderr}`);
    return { holds: holdsVip(res.stdout, vip) ? 'yes' : 'no' };
  },
};
