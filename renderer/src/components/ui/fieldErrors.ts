import type { z } from 'zod';

/** A message key for i18next plus its values; the component translates it at render time. */
export interface FieldProblem {
  key: string;
  values: Record<string, string | number>;
  /** The schema's own English text, used when no translation fits. */
  fallback: string;
}

export type FieldProblems = Record<string, FieldProblem>;

/**
 * Runs the shared zod schema (the very one the back end validates with) and returns the first
 * problem of each field, keyed by its dotted path. Messages are i18n keys by issue code, so the
 * same check reads in English and in Chinese; a field-specific key (`validation.fields.<path>`)
 * wins over the generic one, because "must be a DNS label" says more than "invalid format".
 */
export function fieldProblems(schema: z.ZodType, value: unknown): FieldProblems {
  const result = schema.safeParse(value);
  if (result.success) return {};
  const out: FieldProblems = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.') || '_form';
    if (out[path]) continue;
    out[path] = describe(issue, path);
  }
  return out;
}

function describe(issue: z.core.$ZodIssue, path: string): FieldProblem {
  const fallback = issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === ''
        ? { key: 'validation.required', values: {}, fallback }
        : { key: 'validation.type', values: { expected: issue.expected }, fallback };
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? { key: 'validation.required', values: {}, fallback }
          : { key: 'validation.tooShort', values: { min: Number(issue.minimum) }, fallback };
      return { key: 'validation.tooSmall', values: { min: Number(issue.minimum) }, fallback };
    case 'too_big':
      if (issue.origin === 'string')
        return { key: 'validation.tooLong', values: { max: Number(issue.maximum) }, fallback };
      return { key: 'validation.tooBig', values: { max: Number(issue.maximum) }, fallback };
    case 'invalid_value':
      return {
        key: 'validation.oneOf',
        values: { options: issue.values.map(String).join(', ') },
        fallback,
      };
    case 'invalid_format':
      return { key: `validation.fields.${path}`, values: {}, fallback };
    default:
      return { key: `validation.fields.${path}`, values: {}, fallback };
  }
}
