import { z } from 'zod';
import { FieldErrorSchema } from '../model/plan';
import { DisagreementSchema } from '../upgrade/compareWithKubeadm';
import { UnfinishedHopSchema } from '../upgrade/hopProgress';
import { MAX_WORKER_BATCH } from '../upgrade/planUpgrade';
import { DOCKER_MIGRATIONS, UpgradePlanSchema } from '../upgrade/schema';

/**
 * The upgrade plan of the open project (issue 20, first layer): the hops to a target version and
 * what each changes, the same for the UI and `kubelab upgrade --to V --dry-run`. Nothing runs.
 */

/** A pasted `kubeadm upgrade plan` output is a page of text; far below the wire limit. */
export const MAX_KUBEADM_PLAN_OUTPUT = 256 * 1024;

export const UpgradePlanPayloadSchema = z
  .object({
    /** A minor (`1.21`: its newest catalog patch) or a patch (`1.21.14`). */
    to: z.string().min(1).max(32),
    workerBatchSize: z.number().int().min(1).max(MAX_WORKER_BATCH).optional(),
    dockerMigration: z.enum(DOCKER_MIGRATIONS).optional(),
    /** `kubeadm upgrade plan` as printed on the first control plane, to compare with. */
    kubeadmPlanOutput: z.string().max(MAX_KUBEADM_PLAN_OUTPUT).optional(),
  })
  .strict();

export const UpgradePlanResultSchema = z.object({
  /** Null when `errors` is not empty. */
  plan: UpgradePlanSchema.nullable(),
  errors: z.array(FieldErrorSchema),
  /** Where kubeadm's own plan (when given) differs from kubelab's first hop. */
  disagreements: z.array(DisagreementSchema),
  /**
   * The last hop run when it did not finish: which node is on which version and where it stopped
   * (a node unreachable at its turn); the next run resumes it. Absent when the last hop finished.
   */
  unfinished: UnfinishedHopSchema.optional(),
});
export type UpgradePlanAnswer = z.infer<typeof UpgradePlanResultSchema>;

/** `upgrade.livePlan`: the same plan, and kubeadm's own asked on the first control plane. */
export const UpgradeLivePlanPayloadSchema = UpgradePlanPayloadSchema.omit({
  kubeadmPlanOutput: true,
});

/** What kubeadm's `upgrade plan` said, as parsed (common/upgrade/kubeadmPlanParser.ts). */
export const KubeadmPlanSummarySchema = z.object({
  /** The node it ran on (the first control plane). */
  nodeId: z.string(),
  format: z.enum(['count', 'node', 'none']),
  clusterVersion: z.string().optional(),
  kubeadmVersion: z.string().optional(),
  upgrades: z.array(
    z.object({
      description: z.string(),
      /** `kubeadm upgrade apply vX` as kubeadm suggests it, without the `v`. */
      applyVersion: z.string().optional(),
      components: z.array(z.object({ name: z.string(), current: z.string(), target: z.string() })),
    }),
  ),
});
export type KubeadmPlanSummary = z.infer<typeof KubeadmPlanSummarySchema>;

export const UpgradeLivePlanResultSchema = UpgradePlanResultSchema.extend({
  /** Null when kubelab's own plan was refused (nothing was asked of the node). */
  kubeadm: KubeadmPlanSummarySchema.nullable(),
});
export type UpgradeLivePlanAnswer = z.infer<typeof UpgradeLivePlanResultSchema>;

export const upgradeRequests = {
  'upgrade.plan': { payload: UpgradePlanPayloadSchema, result: UpgradePlanResultSchema },
  'upgrade.livePlan': {
    payload: UpgradeLivePlanPayloadSchema,
    result: UpgradeLivePlanResultSchema,
  },
} as const;
