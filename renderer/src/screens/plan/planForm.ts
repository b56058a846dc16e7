import { resolveVersion } from '../../../../common/catalog/images';
import {
  controlPlaneModes,
  type ControlPlaneModeInfo,
} from '../../../../common/catalog/controlPlane';
import {
  ClusterPlanSchema,
  type ClusterPlan,
  type FieldError,
} from '../../../../common/model/plan';
import { validatePlan } from '../../../../common/plan/validatePlan';
import { fieldProblems, type FieldProblems } from '../../components/ui/fieldErrors';

/**
 * Everything wrong with a draft plan, by field: first the shared schema (shape), then the shared
 * meaning checks (version ↔ runtime, CIDRs, …) with their own English and Chinese text. Both run
 * in the page on every keystroke; the back end runs the same code again on save, with the nodes.
 */
export function planProblems(draft: ClusterPlan, language: string): FieldProblems {
  const problems = fieldProblems(ClusterPlanSchema, draft);
  if (Object.keys(problems).length > 0) return problems;
  return fromFieldErrors(validatePlan(draft, { nodes: [], allowNoNodes: true }), language);
}

/** The back end's field errors in the same shape, in the user's language. */
export function fromFieldErrors(errors: readonly FieldError[], language: string): FieldProblems {
  const out: FieldProblems = {};
  for (const e of errors) {
    const field = e.field.replace(/^plan\./, '');
    if (out[field]) continue;
    const text = language === 'zh-CN' && e.messageZh ? e.messageZh : e.message;
    // A key that does not exist, so i18next shows the back end's own (already translated) text.
    out[field] = { key: 'validation.server', values: {}, fallback: text };
  }
  return out;
}

/** The control-plane modes the draft's version offers, with their notes. */
export function modesFor(version: string): ControlPlaneModeInfo[] {
  const v = resolveVersion(version);
  return v ? controlPlaneModes(v.entry) : [];
}

/** Optional text fields: an emptied input means "not set", not "". */
export function optionalText(value: string): string | undefined {
  return value.trim() === '' ? undefined : value;
}
