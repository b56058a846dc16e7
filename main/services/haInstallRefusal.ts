import { isHaTopology } from '../../common/model/ha';
import { AppError } from '../../common/model/appError';
import { ClusterPlanSchema } from '../../common/model/plan';

/**
 * Why an HA plan cannot be installed by this version (issue 19: the plan, its validation and
 * the generated files exist; installing the load balancer and joining control planes do not).
 * Undefined for every other plan, so a single control plane installs exactly as before.
 */
export function haInstallRefusal(plan: unknown): AppError | undefined {
  const parsed = ClusterPlanSchema.safeParse(plan);
  if (!parsed.success || !isHaTopology(parsed.data.topology)) return undefined;
  return new AppError({
    code: 'invalid_plan',
    message:
      `the plan's topology is ${parsed.data.topology}: kubelab can plan and preview a highly available ` +
      'control plane but cannot install one yet (load balancer and control-plane joins are not built). ' +
      'Preview it with `kubelab plan --scripts`, or set the topology to single to install one control plane.',
    field: 'topology',
  });
}
