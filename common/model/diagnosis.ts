import { z } from 'zod';

/**
 * What the failure classifier returns (design §3, issue 8). The same shape goes over the contract
 * (`diagnosis.classify`), into the checklist cell of a failed step, and out of
 * `kubelab diagnose --json` — tools can validate it with `DiagnoseResultSchema`.
 */

/** Every user-facing sentence exists in English and Simplified Chinese. */
export const LocalizedTextSchema = z.object({ en: z.string(), zh: z.string() });
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** Where the commands of a fix run. */
export const FIX_TARGETS = ['failed-node', 'control-plane', 'every-node'] as const;
export type FixTarget = (typeof FIX_TARGETS)[number];

/**
 * A fix shown before it runs: exactly the commands, where they run, and whether they throw
 * state away. `missingParams` names placeholders (`${name}`) the caller still has to fill in
 * from the plan (e.g. the image repository); a preview with missing params must not run.
 */
export const FixPreviewSchema = z.object({
  id: z.string(),
  runsOn: z.enum(FIX_TARGETS),
  destructive: z.boolean(),
  commands: z.array(z.string()),
  missingParams: z.array(z.string()),
});
export type FixPreview = z.infer<typeof FixPreviewSchema>;

export const DIAGNOSIS_CATEGORIES = [
  'node',
  'runtime',
  'images',
  'packages',
  'join',
  'network',
  'control-plane',
  'kubeconfig',
] as const;
export type DiagnosisCategory = (typeof DIAGNOSIS_CATEGORIES)[number];

export const EvidenceSchema = z.object({
  /** 1-based line number in the classified text. */
  line: z.number().int().positive(),
  text: z.string(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const DiagnosisSchema = z.object({
  signatureId: z.string(),
  category: z.enum(DIAGNOSIS_CATEGORIES),
  /** A root cause outranks a symptom (the wait-control-plane timeout is what you see, not why). */
  kind: z.enum(['cause', 'symptom']),
  score: z.number(),
  title: LocalizedTextSchema,
  explanation: LocalizedTextSchema,
  evidence: EvidenceSchema,
  /** How many lines matched this signature (the evidence is the strongest of them). */
  matchedLines: z.number().int().positive(),
  fix: z.object({
    text: LocalizedTextSchema,
    preview: FixPreviewSchema.optional(),
    /** The values the preview was rendered with (evidence captures, signature params). */
    params: z.record(z.string(), z.string()).optional(),
  }),
  /** Public issues where this failure is reported (owner/repo#n). */
  references: z.array(z.string()),
});
export type Diagnosis = z.infer<typeof DiagnosisSchema>;

export const DiagnoseResultSchema = z.object({
  /** False when no signature matched: the classifier says so instead of guessing. */
  known: z.boolean(),
  linesScanned: z.number().int().nonnegative(),
  summary: LocalizedTextSchema,
  /** Best first. */
  diagnoses: z.array(DiagnosisSchema),
});
export type DiagnoseResult = z.infer<typeof DiagnoseResultSchema>;
