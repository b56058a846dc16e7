import { z } from 'zod';
import { DiagnoseResultSchema } from '../model/diagnosis';
import { PreflightInputSchema, PreflightReportSchema } from '../model/preflight';

/** Pasted logs: a few MB of journal is plenty; larger input is refused at the contract. */
export const MAX_DIAGNOSE_CHARS = 8_000_000;

/** The failure classifier and the preflight checks, both pure over what they are given. */
export const diagnosisRequests = {
  'diagnosis.classify': {
    payload: z.object({ text: z.string().max(MAX_DIAGNOSE_CHARS) }).strict(),
    result: DiagnoseResultSchema,
  },
  'preflight.evaluate': { payload: PreflightInputSchema, result: PreflightReportSchema },
} as const;
