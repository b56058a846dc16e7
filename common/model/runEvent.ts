import { z } from 'zod';
import { OperationIdSchema, type OperationId } from '../catalog/operations';
import { AppErrorSchema } from './appError';
import { DiagnosisSchema } from './diagnosis';

/**
 * What the install engine reports and records: the state of every step on every node (a "task"),
 * the run as a whole, and the events that stream its progress to the UI and the CLI.
 *
 * The run state here is the engine's view; common/model/runState.ts (the project file's copy)
 * is expected to reuse these schemas, so the two never drift.
 */

/**
 * pending → running → done | already-done | failed | cancelled; `skipped` is either chosen by the
 * user (then it counts as satisfied for dependants) or forced because a dependency did not finish.
 */
export const TASK_STATUSES = [
  'pending',
  'running',
  'done',
  'already-done',
  'failed',
  'skipped',
  'cancelled',
] as const;
export const TaskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

/**
 * What the failure classifier made of a failed task: its top diagnosis, and which text the
 * evidence line (numbered within that text) came from — the step's output or a node journal.
 */
export const TaskDiagnosisSchema = DiagnosisSchema.extend({
  /** `step output` or the read-only command whose output held the evidence. */
  source: z.string(),
});
export type TaskDiagnosis = z.infer<typeof TaskDiagnosisSchema>;

/** A detached run on the node: enough to re-attach after a dropped link or a crashed back end. */
export const DetachedStateSchema = z.object({
  /** The attempt that started it; the node-side ref is `<stepId>.<attempt>` under the run. */
  attempt: z.number().int().min(1),
  /** Bytes of its log already read and written to the log sink (a line boundary). */
  offset: z.number().int().min(0),
  /** True once startDetached returned; false means "maybe started" (crash in between). */
  started: z.boolean(),
  exitCode: z.number().int().optional(),
});
export type DetachedState = z.infer<typeof DetachedStateSchema>;

export const TaskStateSchema = z.object({
  stepId: z.string(),
  nodeId: z.string(),
  status: TaskStatusSchema,
  /** Attempts made so far, over every run of this runId (so detached refs never repeat). */
  attempts: z.number().int().min(0),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  detached: DetachedStateSchema.optional(),
  /** Values a later step reads (e.g. the join command); secret ones are not persisted. */
  outputs: z.record(z.string(), z.string()).optional(),
  error: AppErrorSchema.optional(),
  /** Why it was skipped: 'user' (counts as satisfied) or the dependency that did not finish. */
  skipReason: z.string().optional(),
  /** A failed task's diagnosis, when the classifier recognised its output or the node's logs. */
  diagnosis: TaskDiagnosisSchema.optional(),
  /**
   * sha256 of what the task's last attempt was rendered from (script, environment without
   * secrets, target machine; main/engine/fingerprint.ts). A resume keeps a finished task only
   * when the current plan and nodes give the same one. Absent in project files written before
   * it existed: such a finished task is checked again, never kept blindly.
   */
  fingerprint: z.string().optional(),
});
export type TaskState = z.infer<typeof TaskStateSchema>;

/**
 * On a resume: the finished tasks that run again (their check decides) because what they were
 * rendered from changed (`changed`), was never recorded (`unrecorded`, an older project file),
 * or because a task they depend on runs again (`dependants`).
 */
export const RecheckSchema = z.object({
  changed: z.number().int().min(0),
  unrecorded: z.number().int().min(0),
  dependants: z.number().int().min(0),
});
export type Recheck = z.infer<typeof RecheckSchema>;

export const RUN_OUTCOMES = ['succeeded', 'failed', 'cancelled'] as const;
export const RunOutcomeSchema = z.enum(RUN_OUTCOMES);
export type RunOutcome = z.infer<typeof RunOutcomeSchema>;

/**
 * Run records written before the operation catalog said `kind: reset` for both resets; which one
 * it was is in its tasks (the reset-cluster step, or reset-node alone).
 */
function migrateLegacyKind(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('kind' in value)) return value;
  if (value.kind !== 'reset') return value;
  const tasks = 'tasks' in value && Array.isArray(value.tasks) ? value.tasks : [];
  const cluster = tasks.some(
    (t: unknown) =>
      typeof t === 'object' && t !== null && 'stepId' in t && t.stepId === 'reset-cluster',
  );
  return { ...value, kind: cluster ? 'reset-cluster' : 'reset-node' };
}

const RunStateObjectSchema = z.object({
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  outcome: RunOutcomeSchema.optional(),
  /** The steps / nodes the run was started for (absent: all); a resume keeps them. */
  select: z
    .object({ steps: z.array(z.string()).optional(), nodes: z.array(z.string()).optional() })
    .optional(),
  /**
   * The operation the run is (common/catalog/operations.ts); absent in records from before the
   * catalog: the install. Only a start of the same operation resumes it.
   */
  kind: OperationIdSchema.optional(),
  /**
   * The operation's validated parameters (main/operations/<id>.ts) as it was started with them:
   * a resume or a retry after a restart runs it with the same ones.
   */
  params: z.unknown().optional(),
  tasks: z.array(TaskStateSchema),
});
export const RunStateSchema = z.preprocess(migrateLegacyKind, RunStateObjectSchema);
export type RunState = z.infer<typeof RunStateObjectSchema>;

/** The operation a recorded run is (absent: the install). */
export function runOperation(state: Pick<RunState, 'kind'>): OperationId {
  return state.kind ?? 'install';
}

/** What a dry run shows for one step on one node: the exact script and environment. */
export const RenderedTaskSchema = z.object({
  stepId: z.string(),
  nodeId: z.string(),
  mode: z.enum(['exec', 'detached']),
  root: z.boolean(),
  script: z.string(),
  env: z.record(z.string(), z.string()),
  /** 'needed' or 'done' when the dry run probed the node, 'unknown' when it did not. */
  check: z.enum(['needed', 'done', 'unknown']),
});
export type RenderedTask = z.infer<typeof RenderedTaskSchema>;

export const NodeOutcomeSchema = z.object({
  nodeId: z.string(),
  status: z.enum(['done', 'already-done', 'failed', 'skipped', 'cancelled']),
  errors: z.array(AppErrorSchema),
});
export type NodeOutcome = z.infer<typeof NodeOutcomeSchema>;

export const RunResultSchema = z.object({
  runId: z.string(),
  dryRun: z.boolean(),
  outcome: RunOutcomeSchema,
  nodes: z.array(NodeOutcomeSchema),
  /** "failed on 2 nodes: node1: …; node2: …" — every failed node, never only the first. */
  error: AppErrorSchema.optional(),
  rendered: z.array(RenderedTaskSchema).optional(),
});
export type RunResult = z.infer<typeof RunResultSchema>;

const base = { runId: z.string(), time: z.string() };

export const RunEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('run-started'),
    /** Which operation started (common/catalog/operations.ts). */
    operation: OperationIdSchema,
    dryRun: z.boolean(),
    resumed: z.boolean(),
    tasks: z.array(TaskStateSchema),
    /** On a resume that checks finished tasks again (see RecheckSchema); absent otherwise. */
    recheck: RecheckSchema.optional(),
  }),
  z.object({
    ...base,
    type: z.literal('task-state'),
    nodeId: z.string(),
    stepId: z.string(),
    status: TaskStatusSchema,
    attempt: z.number().int().min(0),
    /** Wall time of the attempt, on every transition out of `running`. */
    durationMs: z.number().min(0).optional(),
    error: AppErrorSchema.optional(),
    skipReason: z.string().optional(),
    /** On `failed`: the classifier's top diagnosis (absent when nothing known matched). */
    diagnosis: TaskDiagnosisSchema.optional(),
  }),
  z.object({
    ...base,
    type: z.literal('log'),
    nodeId: z.string(),
    stepId: z.string(),
    stream: z.enum(['stdout', 'stderr', 'engine']),
    /** Complete lines, tokens and certificate keys already redacted. */
    chunk: z.string(),
  }),
  z.object({
    ...base,
    type: z.literal('rendered'),
    task: RenderedTaskSchema,
  }),
  z.object({
    ...base,
    type: z.literal('run-finished'),
    result: RunResultSchema,
  }),
]);
export type RunEvent = z.infer<typeof RunEventSchema>;
