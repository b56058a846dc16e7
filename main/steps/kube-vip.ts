import { AppError } from '../../common/model/appError';
import { endpointPort } from '../../common/plan/ha/endpoint';
import { KUBE_VIP_MANIFEST_PATH, renderKubeVipManifest } from '../../common/plan/ha/kubeVip';
import script from './scripts/kube-vip.sh?raw';
import { installsKubeVip } from './ha';
import { scriptStep, type Ctx, type Env } from './scriptStep';

/**
 * The kube-vip manifest every control plane runs once the cluster is up: admin.conf, never
 * super-admin.conf (the break-glass credential only `kubeadm init` needs, common/plan/ha/kubeVip.ts).
 * The VIP and the port the step probes are the plan's, as the manifest announces them.
 */
export function kubeVipEnv(ctx: Ctx): Env {
  const lb = ctx.plan.loadBalancer;
  if (lb?.kind !== 'kube-vip') {
    throw new AppError({
      code: 'invalid_plan',
      field: 'plan.loadBalancer.kind',
      message: 'the kube-vip step needs loadBalancer.kind kube-vip',
    });
  }
  return {
    KUBE_VIP_MANIFEST_PATH,
    KUBE_VIP_MANIFEST: renderKubeVipManifest(ctx.plan, lb, 'running'),
    VIP: lb.vip,
    API_PORT: String(endpointPort(ctx.plan)),
  };
}

export const kubeVip = scriptStep({
  id: 'kube-vip',
  script,
  appliesTo: ['control-plane'],
  when: (_node, plan) => installsKubeVip(plan),
  // After every join: switching the first control plane's kube-vip restarts it, and the VIP may
  // pause while a leader is elected again; a join in flight would lose the API meanwhile.
  dependsOn: [
    { step: 'kubeadm-init', on: 'control-plane' },
    { step: 'join-control-plane', on: 'control-plane' },
  ],
  // One control plane at a time: each restart of kube-vip may move the VIP; the next one starts
  // only once the VIP answers again.
  oneNodeAtATime: true,
  retries: 1,
  timeoutMs: 5 * 60_000,
  env: kubeVipEnv,
});
