import { isHaTopology } from '../../common/model/ha';
import { AppError } from '../../common/model/appError';
import { ClusterPlanSchema } from '../../common/model/plan';

/**
 * Why an HA plan cannot be installed by this version (issue 19). Built: stacked etcd behind
 * haproxy + keepalived or kube-vip on the control planes (main/steps/ha-load-balancer.ts,
 * join-control-plane.ts, kube-vip.ts) or behind an existing load balancer whose forwarding is
 * checked after init (external-load-balancer.ts). Not built yet: external etcd (copying its
 * client certificates), refused rather than half installed. Undefined for every plan that installs.
 */
export function haInstallRefusal(plan: unknown): AppError | undefined {
  const parsed = ClusterPlanSchema.safeParse(plan);
  if (!parsed.success || !isHaTopology(parsed.data.topology)) return undefined;
  const { topology, loadBalancer } = parsed.data;
  if (topology === 'external-etcd') {
    return refusal(
      'topology',
      "the plan's topology is external-etcd: kubelab can plan and preview it but cannot install it yet (the external etcd client certificates are not copied). Use stacked-etcd with kube-vip or haproxy-keepalived, or preview it with `kubelab plan --scripts`.",
    );
  }
  if (loadBalancer === undefined) {
    return refusal(
      'loadBalancer.kind',
      "the plan's load balancer is unset: a highly available control plane needs kube-vip, haproxy-keepalived or an existing (external) load balancer.",
    );
  }
  return undefined;
}

function refusal(field: string, message: string): AppError {
  return new AppError({ code: 'invalid_plan', message, field });
}
