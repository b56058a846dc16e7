import { z } from 'zod';
import { resolveVersion } from '../catalog/images';

/**
 * The upgrade operation's parameters as its steps receive them (ctx.params): `to` is the exact
 * version of the hop a run makes (one minor above the cluster, or the cluster's own version for
 * a run that only re-verifies), chosen by main/operations/upgrade.ts nextHop before anything runs.
 */
export const UpgradeRunParamsSchema = z
  .object({
    to: z
      .string()
      .max(20)
      .refine((v) => resolveVersion(v) !== undefined, {
        message: 'not a Kubernetes version the catalog knows',
      }),
    /** Workers upgraded together (drained at once); control planes always go one at a time. */
    batch: z.number().int().min(1).max(100).optional(),
    /** Go on although a node is NotReady or a kube-system pod fails (skew is never accepted). */
    acceptUnhealthy: z.boolean().optional(),
  })
  .strict();
export type UpgradeRunParams = z.infer<typeof UpgradeRunParamsSchema>;
