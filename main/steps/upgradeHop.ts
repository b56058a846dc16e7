import { resolveVersion } from '../../common/catalog/images';
import { AppError } from '../../common/model/appError';
import type { ClusterPlan } from '../../common/model/plan';
import { UpgradeRunParamsSchema } from '../../common/upgrade/runParams';
import { kubePackagesEnv } from './kube-packages';
import { planFacts } from './plan';
import type { Ctx, Env } from './scriptStep';

/** The plan as it is for the hop: same mirrors and runtime, the hop's Kubernetes version. */
export function hopPlan(ctx: Ctx): ClusterPlan {
  const parsed = UpgradeRunParamsSchema.safeParse(ctx.params);
  if (!parsed.success) {
    throw new AppError({
      code: 'invalid_payload',
      field: 'params.to',
      message: `upgrade: params.to: ${parsed.error.issues[0]?.message ?? 'invalid parameters'}`,
    });
  }
  // The run service resolved the user's target into the hop's exact release before any step.
  const version = resolveVersion(parsed.data.to);
  if (!version) {
    throw new AppError({
      code: 'invalid_payload',
      field: 'params.to',
      message: `upgrade: params.to: ${parsed.data.to} is not a release the catalog knows`,
    });
  }
  return { ...ctx.plan, kubernetesVersion: version.version };
}

/** K8S_VERSION: the hop's exact upstream version (`1.19.16`). */
export function hopVersionEnv(ctx: Ctx): Env {
  return { K8S_VERSION: planFacts(hopPlan(ctx)).version.version };
}

/**
 * UPGRADE_RUN: the run's id, which a drain skipped by `drainBlocked: skip` writes on the Node
 * (kl_upgrade_skipped), so only this run's later steps pass that node by.
 */
export function upgradeRunEnv(ctx: Ctx): Env {
  return { UPGRADE_RUN: ctx.runId };
}

/** The hop's package repositories, both families, as kube-packages renders them for a plan. */
export function hopRepoEnv(ctx: Ctx): Env {
  return kubePackagesEnv(hopPlan(ctx));
}
