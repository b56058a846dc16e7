import { z } from 'zod';
import { RESET_CLUSTER_STEPS } from '../steps';
import type { OperationDef } from './operation';

/** kubeadm reset on every machine, workers first, the control plane last (destructive). */
export const resetClusterOperation: OperationDef<Record<string, never>> = {
  id: 'reset-cluster',
  params: z.object({}).strict(),
  steps: () => RESET_CLUSTER_STEPS,
  leaves: () => 'all',
};
