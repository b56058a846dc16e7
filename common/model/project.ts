import { z } from 'zod';
import { NodeSpecSchema } from './node';
import { ClusterPlanSchema } from './plan';
import { RunStateSchema } from './runState';

/**
 * The project file, `kubelab.yaml`: the machines (no secrets — passwords and passphrases live in
 * the keychain, keyed by node id; pinned host keys live in each NodeSpec), the cluster plan, and
 * the state of the last run so an interrupted install resumes where it stopped.
 *
 * `schemaVersion` is bumped when the shape changes incompatibly; main/store/projectFile.ts
 * migrates older files forward before this schema sees them.
 */
export const PROJECT_SCHEMA_VERSION = 1;

export const ProjectSchema = z
  .object({
    schemaVersion: z.literal(PROJECT_SCHEMA_VERSION),
    /** A label for the UI and reports; the cluster's own name is plan.clusterName. */
    name: z.string().min(1).max(100).optional(),
    nodes: z.array(NodeSpecSchema).max(500),
    plan: ClusterPlanSchema,
    runState: RunStateSchema.optional(),
  })
  .strict();
export type Project = z.infer<typeof ProjectSchema>;
export type ProjectInput = z.input<typeof ProjectSchema>;
