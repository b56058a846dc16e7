import {
  renderCheckApiserver,
  renderHaproxyCfg,
  renderKeepalivedConf,
} from '../../common/plan/ha/haproxyKeepalived';
import { AppError } from '../../common/model/appError';
import script from './scripts/ha-load-balancer.sh?raw';
import { installsHaproxyKeepalived } from './ha';
import { isFirstControlPlane } from './plan';
import { scriptStep, type Ctx, type Env } from './scriptStep';

/**
 * The files common/plan/ha renders (the same text the plan preview shows) for this control plane:
 * keepalived is MASTER on the first control plane, BACKUP on the others. None is a secret, so the
 * check compares them too: a plan change (another VIP) makes the step needed again.
 */
export function loadBalancerEnv(ctx: Ctx): Env {
  const lb = ctx.plan.loadBalancer;
  if (lb?.kind !== 'haproxy-keepalived') {
    throw new AppError({
      code: 'invalid_plan',
      field: 'plan.loadBalancer.kind',
      message: 'the load balancer step needs loadBalancer.kind haproxy-keepalived',
    });
  }
  const controlPlanes = ctx.nodes.filter((n) => n.role === 'control-plane');
  const role = isFirstControlPlane(ctx.node, ctx.nodes) ? 'MASTER' : 'BACKUP';
  return {
    HAPROXY_CFG: renderHaproxyCfg(ctx.plan, controlPlanes),
    KEEPALIVED_CONF: renderKeepalivedConf(lb, role),
    CHECK_APISERVER: renderCheckApiserver(ctx.plan, lb),
  };
}

export const haLoadBalancer = scriptStep({
  id: 'ha-load-balancer',
  script,
  appliesTo: ['control-plane'],
  when: (_node, plan) => installsHaproxyKeepalived(plan),
  retries: 1,
  timeoutMs: 10 * 60_000,
  env: loadBalancerEnv,
});
