import { z } from 'zod';

/**
 * The one error shape that crosses the contract. Errors are wrapped once, where they happen,
 * with the node and step they concern (design §9); `field` names the offending input.
 */
export const AppErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  nodeId: z.string().optional(),
  stepId: z.string().optional(),
  field: z.string().optional(),
});
export type AppErrorData = z.infer<typeof AppErrorSchema>;

/** An Error carrying AppErrorData, so it can be thrown and still serialised faithfully. */
export class AppError extends Error {
  readonly code: string;
  readonly nodeId: string | undefined;
  readonly stepId: string | undefined;
  readonly field: string | undefined;

  constructor(data: AppErrorData) {
    super(data.message);
    this.name = 'AppError';
    this.code = data.code;
    this.nodeId = data.nodeId;
    this.stepId = data.stepId;
    this.field = data.field;
  }

  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message };
    if (this.nodeId !== undefined) data.nodeId = this.nodeId;
    if (this.stepId !== undefined) data.stepId = this.stepId;
    if (this.field !== undefined) data.field = this.field;
    return data;
  }
}

/** Turns anything thrown into AppErrorData without leaking stack traces to the UI. */
export function toAppErrorData(err: unknown): AppErrorData {
  if (err instanceof AppError) return err.toData();
  if (err instanceof Error) return { code: 'internal', message: err.message };
  return { code: 'internal', message: String(err) };
}
