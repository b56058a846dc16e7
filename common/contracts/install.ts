import { z } from 'zod';
import { NodeIdSchema } from '../model/node';
import { RunEventSchema, RunResultSchema, RunStateSchema } from '../model/runEvent';
import { Empty } from './empty';

export const StepIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a step id');
const TaskRefSchema = z.object({ stepId: StepIdSchema, nodeId: NodeIdSchema }).strict();

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
 * Every operation's runs once started (`run.start`, common/contracts/run.ts): cancel, retry and
 * skip a cell, the state and a task's log. Progress of any run arrives as `install.event`
 * (run-started naming the operation, task-state, log, run-finished).
 */
export const installRequests = {
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
  /**
   * The same events as `install.event`, in order, as the faces receive them across their wire
   * (WebSocket, IPC): every run event of one tick in one message, so 100 machines' transitions
   * cost a message per tick rather than one each (issue 15). In the back end's own process
   * (the CLI, main/etcd/runToEnd.ts) events stay one by one on `install.event`.
   */
  'install.progress': z.object({ events: z.array(RunEventSchema) }),
} as const;
