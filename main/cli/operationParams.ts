import { InvalidArgumentError } from 'commander';
import { AppError } from '../../common/model/appError';
import type { OperationDef } from '../operations/operation';

/**
 * An operation's parameters from CLI flags, validated by its schema before a session opens; a
 * bad value is an error naming the field (`params.certs.0: …`) and the flag it came from.
 */
export function operationParams<P>(op: OperationDef<P>, raw: unknown, flag: string): P {
  const parsed = op.params.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = ['params', ...(issue?.path ?? [])].join('.');
  throw new InvalidArgumentError(`${flag}: ${field}: ${issue?.message ?? 'invalid'}`);
}

/** An AppError from an operation's own checks, said as the CLI says a bad argument. */
export function asArgumentError(err: unknown): unknown {
  if (!(err instanceof AppError)) return err;
  return new InvalidArgumentError(err.field ? `${err.field}: ${err.message}` : err.message);
}
