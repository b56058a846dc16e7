import { z } from 'zod';

/**
 * What the two ways of applying a fix share — a failed step's diagnosis (`diagnosis.applyFix`)
 * and a failed preflight check (`preflight.fix`): the node named, the parameter values, the
 * user's yes, and the commands as they ran.
 */
export const FixNodeIdSchema = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be a node id');

/** Values filling the preview's parameters (evidence captures, missingParams such as `hostname`). */
export const FixParamsSchema = z
  .record(z.string().regex(/^\w{1,32}$/), z.string().max(253))
  .default({});

/** The user saw the preview and said yes (a destructive fix after an explicit warning). */
export const FixConfirmSchema = z.literal(true);

/** The fix's commands as they ran, and where. */
export const FixRanSchema = z.object({
  fixId: z.string(),
  ranOn: z.array(z.string()),
  commands: z.array(
    z.object({
      nodeId: z.string(),
      command: z.string(),
      exitCode: z.number().int(),
      output: z.string(),
    }),
  ),
});
