import { z } from 'zod';
import { OperationIdSchema } from '../catalog/operations';
import { NodeIdSchema } from '../model/node';
import { InstallStartedSchema, StepIdSchema } from './install';

/**
 * Start (or resume) any cluster operation of the catalog (common/catalog/operations.ts) — the
 * one entry every face uses, as `kubelab <operation>` does. `params` is checked by the
 * operation's own schema in the run service (main/operations/<id>.ts): a bad one is refused
 * naming `params.<field>`, an operation that is not built is refused naming `operation`, and a
 * destructive one runs only when `confirm` is the plan's cluster name. Nothing reaches a machine
 * before all of that passed.
 */
export const RunStartSchema = z
  .object({
    operation: OperationIdSchema,
    /** The operation's parameters (upgrade: `{ to }`, remove-node: `{ nodeId, unreachable }`…). */
    params: z.unknown().optional(),
    /** Render every node's exact scripts and environment; change nothing. */
    dryRun: z.boolean().default(false),
    /** In a dry run, run the read-only checks to show what is already done. */
    probe: z.boolean().default(false),
    /** Start a new run even if an unfinished one of the same operation is recorded. */
    fresh: z.boolean().default(false),
    /** For a destructive operation: the cluster name as the user typed it. */
    confirm: z.string().max(253).optional(),
    concurrency: z.number().int().min(1).max(100).optional(),
    /** Only these steps (default: the operation's, in catalog order). */
    steps: z.array(StepIdSchema).max(100).optional(),
    /** Only these nodes (default: the operation's); an install run adds to the recorded one. */
    nodes: z.array(NodeIdSchema).max(1000).optional(),
    /** A plan to use instead of the project's (validated by the plan's own schema). */
    plan: z.unknown().optional(),
  })
  .strict();

/**
 * A wet `run.start` returns at once with the runId; progress arrives as `install.event`
 * (run-started naming the operation, task-state, log, run-finished). One wet run at a time.
 * Retry, skip, cancel, state and logs of any operation's run stay `install.*`.
 */
export const runRequests = {
  'run.start': { payload: RunStartSchema, result: InstallStartedSchema },
} as const;
