import { z } from 'zod';
import { FIXES, type FixId } from '../diagnosis/fixes';
import { DiagnoseResultSchema } from '../model/diagnosis';
import { boundedText } from '../wire';
import { FixConfirmSchema, FixNodeIdSchema, FixParamsSchema, FixRanSchema } from './fixRun';

/**
 * Pasted logs: a few MB of journal is plenty; larger input is refused at the contract. In bytes
 * as sent (common/wire.ts), the unit the web host's message limit is in too.
 */
export const MAX_DIAGNOSE_BYTES = 8 * 1024 * 1024;

const FIX_IDS = Object.keys(FIXES) as [FixId, ...FixId[]];

/**
 * Runs the fix a failed step's diagnosis offers, on the failed node (or where the fix says: the
 * control plane, every node). The back end renders the commands itself from `fixId` and
 * `params` — the same preview the user saw — and refuses while a parameter is missing.
 */
export const DiagnosisFixRequestSchema = z
  .object({
    nodeId: FixNodeIdSchema,
    fixId: z.enum(FIX_IDS),
    /** The diagnosis's `fix.params` (evidence captures), plus values for missingParams. */
    params: FixParamsSchema,
    confirm: FixConfirmSchema,
  })
  .strict();
export type DiagnosisFixRequest = z.input<typeof DiagnosisFixRequestSchema>;

export const DiagnosisFixOutcomeSchema = FixRanSchema.extend({
  /** Every command exited 0: the step can be retried. */
  ok: z.boolean(),
});
export type DiagnosisFixOutcome = z.infer<typeof DiagnosisFixOutcomeSchema>;

/** The failure classifier (pure over the text given) and the fix a diagnosis offers. */
export const diagnosisRequests = {
  'diagnosis.classify': {
    payload: z.object({ text: boundedText(MAX_DIAGNOSE_BYTES) }).strict(),
    result: DiagnoseResultSchema,
  },
  'diagnosis.applyFix': { payload: DiagnosisFixRequestSchema, result: DiagnosisFixOutcomeSchema },
} as const;
