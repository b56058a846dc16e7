import { z } from 'zod';
import { OperationIdSchema } from '../catalog/operations';
import { LocalizedTextSchema } from '../model/diagnosis';
import { RunOutcomeSchema, TaskStatusSchema } from '../model/runEvent';
import { Empty } from './empty';
import { InstallLogRequestSchema, TaskLogSchema } from './install';

/**
 * Run history (issue 18): every recorded run of the open project — the cluster's record (install,
 * add-node) and every other operation's record beside the project — newest first, with who
 * started it and each cell's result; and any cell's log from any of those runs. Read-only.
 */

/** A run id as main/engine/resume.ts newRunId makes it (`r20261207-064039-a1b2c3`). */
export const RunIdSchema = z.string().regex(/^r[0-9A-Za-z-]{1,80}$/, 'must be a run id');

/** The face a run was started from; `unknown` for runs recorded before kubelab noted it. */
export const RUN_ORIGINS = ['ui', 'cli', 'unknown'] as const;
export const RunOriginSchema = z.enum(RUN_ORIGINS);
export type RunOrigin = z.infer<typeof RunOriginSchema>;

/** One cell (a step on a node) of a past run, as the history shows it. */
export const RunCellSchema = z.object({
  stepId: z.string(),
  nodeId: z.string(),
  status: TaskStatusSchema,
  attempts: z.number().int().min(0),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  /** A failed cell's error message (already redacted by the engine). */
  error: z.string().optional(),
  /** A failed cell's diagnosed cause (its title), when the classifier named one. */
  cause: LocalizedTextSchema.optional(),
});
export type RunCell = z.infer<typeof RunCellSchema>;

export const RunSummarySchema = z.object({
  runId: z.string(),
  operation: OperationIdSchema,
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  /** `unfinished`: no outcome recorded (running now, or killed and not resumed). */
  outcome: z.union([RunOutcomeSchema, z.literal('unfinished')]),
  origin: RunOriginSchema,
  cells: z.array(RunCellSchema),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

/** install.log's request (ids only, never a path; the same size bounds) for any recorded run. */
export const RunLogRequestSchema = z
  .object({ runId: RunIdSchema, ...InstallLogRequestSchema.shape })
  .strict();

export const runsRequests = {
  'runs.list': {
    payload: Empty,
    result: z.object({ runs: z.array(RunSummarySchema) }),
  },
  /** One cell's log of the named run only (never another run's): ids, never a path. */
  'runs.log': { payload: RunLogRequestSchema, result: TaskLogSchema },
} as const;
