import { z } from 'zod';
import { NodeIdSchema } from '../model/node';
import { RunEventSchema, RunResultSchema, RunStateSchema } from '../model/runEvent';
import { Empty } from './empty';

const StepIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a step id');
const TaskRefSchema = z.object({ stepId: StepIdSchema, nodeId: NodeIdSchema }).strict();

export const InstallStartSchema = z
  .object({
    /**
     * The install, or add-node (machines joining an installed cluster: the control plane's steps
     * re-checked, a fresh join token, the new machines prepared and joined) — the same run
     * `kubelab add-node` records, whichever face starts it.
     */
    operation: z.enum(['install', 'add-node']).default('install'),
    /** Only these steps (default: all, in catalog order). */
    steps: z.array(StepIdSchema).max(100).optional(),
    /** Only these nodes (default: all in the project); a new run adds to the recorded one. */
    nodes: z.array(NodeIdSchema).max(1000).optional(),
    /** Render every node's exact scripts and environment; change nothing. */
    dryRun: z.boolean().default(false),
    /** In a dry run, run the read-only checks to show what is already done. */
    probe: z.boolean().default(false),
    concurrency: z.number().int().min(1).max(100).optional(),
    /** Start a new run even if the saved one did not finish (default: resume it). */
    fresh: z.boolean().default(false),
    /** A plan to use instead of the project's (validated by the plan's own schema). */
    plan: z.unknown().optional(),
  })
  .strict();

/**
 * Day 2, `kubelab reset [--node]`: kubeadm reset and clean-up on one node (drained and deleted
 * from the cluster first) or on every node. Refused unless `confirm` is the plan's clusterName.
 */
export const InstallResetSchema = z
  .object({
    /** Reset only this node (default: every node of the cluster). */
    nodeId: NodeIdSchema.optional(),
    /** The cluster name as the user typed it. */
    confirm: z.string().max(253),
  })
  .strict();

/** A task's log as kept on disk for its run (install.log): ids only, never a path. */
export const InstallLogRequestSchema = z
  .object({
    stepId: StepIdSchema,
    nodeId: NodeIdSchema,
    /** At most this much of the log's end (default 256 KiB, at most 1 MiB). */
    maxBytes: z
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024)
      .default(256 * 1024),
  })
  .strict();

export const TaskLogSchema = z.object({
  /** The run whose log this is; null when no run has a log for the task. */
  runId: z.string().nullable(),
  /** The log's end, from a whole line. */
  text: z.string(),
  totalBytes: z.number().int().min(0),
  /** True when `text` is only the end of the log. */
  truncated: z.boolean(),
});
export type TaskLog = z.infer<typeof TaskLogSchema>;

export const InstallStartedSchema = z.object({
  runId: z.string(),
  dryRun: z.boolean(),
  /** True when the run continues a saved one (same runId). */
  resumed: z.boolean(),
  /** Present for a dry run, which completes before returning. */
  result: RunResultSchema.optional(),
});

/**
 * The install engine. A wet `install.start` returns at once with the runId; progress arrives as
 * `install.event` (run-started, task-state, log, run-finished). One wet run at a time.
 */
export const installRequests = {
  'install.start': { payload: InstallStartSchema, result: InstallStartedSchema },
  /** Day 2: reset a node or the cluster; progress on `install.event`, like an install. */
  'install.reset': { payload: InstallResetSchema, result: InstallStartedSchema },
  'install.cancel': { payload: Empty, result: z.object({ cancelled: z.boolean() }) },
  /**
   * Try a failed task again, with its dependants; other failures stay as they are. A cell of the
   * last day-2 run (since the last install run) retries that reset.
   */
  'install.retry': { payload: TaskRefSchema, result: InstallStartedSchema },
  /** Mark a task skipped by the user: it counts as done for its dependants on the next run. */
  'install.skip': { payload: TaskRefSchema, result: RunStateSchema },
  'install.state': {
    payload: Empty,
    result: z.object({ active: z.boolean(), state: RunStateSchema.nullable() }),
  },
  /**
   * A task's log from the run's log files (the current or recorded run, else the newest earlier
   * run that has one): what the install screen shows again after a reload.
   */
  'install.log': { payload: InstallLogRequestSchema, result: TaskLogSchema },
} as const;

export const installEvents = {
  'install.event': RunEventSchema,
} as const;
