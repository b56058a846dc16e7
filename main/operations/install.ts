import { z } from 'zod';
import { INSTALL_STEPS } from '../steps';
import type { OperationDef } from './operation';

/** The install: the guide's sequence on every machine of the plan (resumes an unfinished one). */
export const installOperation: OperationDef<Record<string, never>> = {
  id: 'install',
  params: z.object({}).strict(),
  steps: () => INSTALL_STEPS,
  record: 'cluster',
};
