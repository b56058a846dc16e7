import { parseEndpoint } from '../../common/plan/ha/endpoint';
import { AppError } from '../../common/model/appError';
import script from './scripts/external-load-balancer.sh?raw';
import { usesExternalLoadBalancer } from './ha';
import { isFirstControlPlane } from './plan';
import { scriptStep, type Ctx, type Env } from './scriptStep';

/** The endpoint to probe: controlPlaneEndpoint's host and port (the API server's when unset). */
export function externalLbEnv(ctx: Ctx): Env {
  const endpoint = parseEndpoint(ctx.plan.controlPlaneEndpoint);
  if (!endpoint) {
    throw new AppError({
      code: 'invalid_plan',
      field: 'plan.controlPlaneEndpoint',
      message: 'an existing load balancer needs the controlPlaneEndpoint it answers on',
    });
  }
  return {
    LB_HOST: endpoint.host,
    LB_PORT: String(endpoint.port ?? ctx.plan.bindPort),
    APISERVER_PORT: String(ctx.plan.bindPort),
  };
}

/**
 * An existing load balancer (plan choice `external`, issue 19): after kubeadm init, /healthz
 * through its address proves it forwards to the API servers, with an error naming the address.
 */
export const externalLoadBalancer = scriptStep({
  id: 'external-load-balancer',
  script,
  when: (node, plan, nodes) => usesExternalLoadBalancer(plan) && isFirstControlPlane(node, nodes),
  dependsOn: [{ step: 'kubeadm-init', on: 'same-node' }],
  retries: 1,
  timeoutMs: 2 * 60_000,
  env: externalLbEnv,
});
