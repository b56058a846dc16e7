import {
  renderCheckApiserver,
  renderHaproxyCfg,
  renderKeepalivedConf,
} from '../../common/plan/ha/haproxyKeepalived';
import { KUBE_VIP_MANIFEST_PATH, renderKubeVipManifest } from '../../common/plan/ha/kubeVip';
import { AppError } from '../../common/model/appError';
import script from './scripts/ha-load-balancer.sh?raw';
import { runsLoadBalancerStep } from './ha';
import { isFirstControlPlane } from './plan';
import { scriptStep, type Ctx, type Env } from './scriptStep';

/**
 * The files common/plan/ha renders (the same text the plan preview shows) for this control plane.
 * haproxy + keepalived: keepalived is MASTER on the first control plane, BACKUP on the others.
 * kube-vip (first control plane only): the manifest for `kubeadm init` (super-admin.conf on
 * ≥ 1.29) and the one the kube-vip step switches it to afterwards, which counts as done too, so a
 * re-run does not switch it back. None is a secret, so the check compares them: a plan change
 * (another VIP) makes the step needed again.
 */
export function loadBalancerEnv(ctx: Ctx): Env {
  const lb = ctx.plan.loadBalancer;
  if (lb?.kind === 'kube-vip') {
    return {
      LB_KIND: 'kube-vip',
      KUBE_VIP_MANIFEST_PATH,
      KUBE_VIP_INIT_MANIFEST: renderKubeVipManifest(ctx.plan, lb, 'init'),
      KUBE_VIP_RUNNING_MANIFEST: renderKubeVipManifest(ctx.plan, lb, 'running'),
    };
  }
  if (lb?.kind !== 'haproxy-keepalived') {
    throw new AppError({
      code: 'invalid_plan',
      field: 'plan.loadBalancer.kind',
      message: 'the load balancer step needs loadBalancer.kind haproxy-keepalived or kube-vip',
    });
  }
  const controlPlanes = ctx.nodes.filter((n) => n.role === 'control-plane');
  const role = isFirstControlPlane(ctx.node, ctx.nodes) ? 'MASTER' : 'BACKUP';
  return {
    LB_KIND: 'haproxy-keepalived',
    HAPROXY_CFG: renderHaproxyCfg(ctx.plan, controlPlanes),
    KEEPALIVED_CONF: renderKeepalivedConf(lb, role),
    CHECK_APISERVER: renderCheckApiserver(ctx.plan, lb),
  };
}

export const haLoadBalancer = scriptStep({
  id: 'ha-load-balancer',
  script,
  appliesTo: ['control-plane'],
  when: runsLoadBalancerStep,
  retries: 1,
  timeoutMs: 10 * 60_000,
  env: loadBalancerEnv,
});
