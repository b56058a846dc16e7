import type { z } from 'zod';
import { AppError } from './model/appError';

/** Formats a zod issue path as a dotted field name: `nodes.2.address`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/**
 * Parses `value` with `schema`; on failure throws an AppError whose message names every bad field.
 * `what` says what was being parsed (a contract entry, a file) so the message stands alone.
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const field = fieldPath(issue.path);
    return field ? `${field}: ${issue.message}` : issue.message;
  });
  const first = result.error.issues[0];
  throw new AppError({
    code: 'invalid_payload',
    message: `${what}: ${issues.join('; ')}`,
    field: first ? fieldPath(first.path) || undefined : undefined,
  });
}
