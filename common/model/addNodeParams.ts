import { z } from 'zod';

/**
 * The add-node operation's parameters: the machines joining (workers and, in an HA plan, control
 * planes) and the user's confirmation that etcd members of machines that were reset or lost may
 * be removed before a control plane joins (step reconcile-etcd-members; without it the step
 * stops and names them).
 */
export const AddNodeParamsSchema = z
  .object({
    nodeIds: z.array(z.string().min(1).max(63)).min(1).max(500),
    removeStaleEtcdMembers: z.boolean().optional(),
  })
  .strict();
export type AddNodeParams = z.infer<typeof AddNodeParamsSchema>;
