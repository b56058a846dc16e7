import { z } from 'zod';
import {
  CheckResultSchema,
  PREFLIGHT_CONTEXTS,
  PreflightInputSchema,
  PreflightReportSchema,
} from '../model/preflight';
import { NetworkMatrixSchema } from '../model/verification';
import { FixConfirmSchema, FixNodeIdSchema, FixParamsSchema, FixRanSchema } from './fixRun';

/** Temporary listeners of the network matrix, and whether each node is rid of them again. */
export const ListenerCleanupSchema = z.object({
  nodeId: z.string(),
  /** `socat`, `python3`, `nc` or `none` (no listener tool: those cells are "not tested"). */
  tool: z.string(),
  started: z.number().int().nonnegative(),
  removed: z.boolean(),
  left: z.array(z.number().int()),
  error: z.string().optional(),
});

/**
 * A preflight run over the project's nodes: the evaluated report (per-node, cross-node, and the
 * pairwise `network-ports` / `path-mtu` results with `nodeIds: [from, to]` for the topology's
 * edges), the matrices in the report's shape, and nodes that could not be reached at all.
 */
export const PreflightRunSchema = z.object({
  checkedAt: z.string(),
  durationMs: z.number().nonnegative(),
  report: PreflightReportSchema,
  matrices: z.array(NetworkMatrixSchema),
  listeners: z.array(ListenerCleanupSchema),
  unreachable: z.array(z.object({ nodeId: z.string(), message: z.string() })),
  /**
   * sha256 of the nodes and plan the run checked (main/preflight/freshness.ts): a cached run is
   * reused before an install only while they are unchanged. Absent in runs kept before it existed.
   */
  inputsDigest: z.string().optional(),
});
export type PreflightRun = z.infer<typeof PreflightRunSchema>;

const CheckIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a check id');

export const FixRequestSchema = z
  .object({
    checkId: CheckIdSchema,
    /** A node the failing result names (for pairwise results, the target is where the fix runs). */
    nodeId: FixNodeIdSchema,
    /** Values for the preview's missingParams (e.g. a new `hostname`). */
    params: FixParamsSchema,
    /** The user saw the preview and said yes; a destructive fix needs this too. */
    confirm: FixConfirmSchema,
    /**
     * As in `preflight.run`: the context the check is judged in, before and after the fix. In
     * `existing` what kubelab's steps would do blocks too, so a fix offered only there (e.g. the
     * runtime's cgroup driver on a node no install will touch) can be applied and re-checked.
     */
    context: z.enum(PREFLIGHT_CONTEXTS).default('install'),
  })
  .strict();
export type FixRequest = z.input<typeof FixRequestSchema>;

export const FixOutcomeSchema = FixRanSchema.extend({
  /** The check's results after the fix, from a fresh preflight run. */
  recheck: z.array(CheckResultSchema),
  /** True when none of `recheck` fails any more. */
  fixed: z.boolean(),
  run: PreflightRunSchema,
});
export type FixOutcome = z.infer<typeof FixOutcomeSchema>;

/**
 * The project's last preflight run (kept beside the project file) and whether it still holds for
 * an install: at most PREFLIGHT_FRESH_MS old and over the same nodes and plan.
 */
export const PreflightLastSchema = z.object({
  run: PreflightRunSchema.nullable(),
  fresh: z.boolean(),
});
export type PreflightLast = z.infer<typeof PreflightLastSchema>;

/** How long a preflight run is reused before an install instead of running it again. */
export const PREFLIGHT_FRESH_MS = 10 * 60_000;

/**
 * Preflight against the open project's machines and its fixes, and the same checks over facts the
 * caller brings (`preflight.evaluate`, pure).
 */
export const preflightRequests = {
  'preflight.run': {
    payload: z
      .object({
        matrix: z.boolean().default(true),
        /** `existing`: no kubelab install follows, so what its steps would do blocks too. */
        context: z.enum(PREFLIGHT_CONTEXTS).default('install'),
      })
      .strict(),
    result: PreflightRunSchema,
  },
  'preflight.fix': { payload: FixRequestSchema, result: FixOutcomeSchema },
  /** The last run (also after a reload or a restart) and whether an install may reuse it. */
  'preflight.last': { payload: z.object({}).strict(), result: PreflightLastSchema },
  'preflight.evaluate': { payload: PreflightInputSchema, result: PreflightReportSchema },
} as const;
