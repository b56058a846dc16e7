import { AppError } from '../../common/model/appError';
import type { ClusterPlan } from '../../common/model/plan';
import {
  failoverRefusal,
  HaFailoverParamsSchema,
  type HaFailoverParams,
} from '../../common/plan/ha/failover';
import { haFailover } from '../steps/ha-failover';
import { haVipHolder } from '../steps/ha-vip-holder';
import type { OperationDef } from './operation';

/**
 * kubelab's own HA failover test (issue 19): ha-vip-holder on every control plane (who holds the
 * VIP now), then ha-failover on that holder (VIP taken away, moved, API through it, holder put
 * back). Refused before anything runs for a plan without a VIP kubelab runs: an external load
 * balancer is the user's, not kubelab's to stop. Recorded beside the project as its own run; the
 * report's HA section reads the newest one (lastFailoverTest).
 */
export const haFailoverTestOperation: OperationDef<HaFailoverParams> = {
  id: 'ha-failover-test',
  params: HaFailoverParamsSchema,
  steps: (_p, target) => {
    const refusal = failoverRefusal(target.plan as ClusterPlan);
    if (refusal) {
      throw new AppError({
        code: 'not_offered',
        field: 'plan.loadBalancer.kind',
        message: `the failover test cannot run: ${refusal}`,
      });
    }
    return [haVipHolder, haFailover];
  },
  nodes: (_p, target) => target.nodes.filter((n) => n.role === 'control-plane').map((n) => n.id),
};
