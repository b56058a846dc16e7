import { PAIRWISE_CHECKS } from '../../../../../common/preflight/fixTargets';
import type { CheckResult } from '../../../../../common/model/preflight';

/**
 * The nodes a fix can be asked for (`preflight.fix`'s nodeId): the one node of a per-node result,
 * the target of a pair (where the runner runs it anyway), or any node of a cross-node finding
 * (duplicate hostnames: the user picks which machine changes), the last one first as the CLI does.
 */
export function fixNodeChoices(r: Pick<CheckResult, 'checkId' | 'nodeIds'>): string[] {
  if (PAIRWISE_CHECKS.has(r.checkId)) return r.nodeIds.slice(1, 2);
  return [...r.nodeIds].reverse();
}

/**
 * The preview with the values typed so far in place of their `${name}` placeholders, as the
 * back end fills them (a blank value leaves the placeholder visible, so nothing looks filled).
 */
export function previewCommands(
  commands: readonly string[],
  missing: readonly string[],
  params: Readonly<Record<string, string>>,
): string[] {
  return commands.map((c) =>
    c.replace(/\$\{(\w+)\}/g, (whole, name: string) => {
      const v = params[name]?.trim();
      return missing.includes(name) && v ? v : whole;
    }),
  );
}

/** The params to send: trimmed, only those the fix asks for. */
export function paramsFor(
  missing: readonly string[],
  params: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(missing.map((n) => [n, (params[n] ?? '').trim()]));
}

/** Which input a back-end error names: `params.hostname` → `hostname`, `nodeId` → the node picker. */
export function errorField(field: string | undefined): string | undefined {
  if (!field) return undefined;
  if (field === 'nodeId') return field;
  const m = /^params\.(\w+)$/.exec(field);
  return m?.[1];
}
