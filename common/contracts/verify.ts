import { z } from 'zod';
import { VerificationSchema } from '../model/verification';

/** Verification after an install, over the open project's machines, and the last one kept. */
export const verifyRequests = {
  'verify.run': {
    payload: z.object({ pods: z.boolean().default(true) }).strict(),
    result: VerificationSchema,
  },
  /**
   * The last verification `verify.run` kept beside the project file, as the report shows it:
   * null when none was kept or a run recorded since started after it (main/store/verificationRecord.ts).
   */
  'verify.last': {
    payload: z.object({}).strict(),
    result: z.object({ verification: VerificationSchema.nullable() }),
  },
} as const;
