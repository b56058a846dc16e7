import type { CheckResult, PreflightReport } from '../../../../../common/model/preflight';
import { summariseResults } from '../../../../../common/preflight';

/** The panel's groups, in the order drawn: what blocks first, passes last (collapsed). */
export const GROUP_ORDER = ['block', 'warn', 'unknown', 'pass'] as const;
export type GroupId = (typeof GROUP_ORDER)[number];

export interface GroupedResults {
  /** Counted by summariseResults, as `kubelab preflight` counts them. */
  counts: PreflightReport['counts'];
  /** Warnings kubelab's own install makes pass (`fixedBy`), as the CLI's summary says. */
  doneByInstall: number;
  groups: Record<GroupId, CheckResult[]>;
}

export function groupOf(r: CheckResult): GroupId {
  if (r.status === 'fail') return r.severity;
  return r.status;
}

/** Results in the CLI's order (summariseResults sorts), split into the panel's groups. */
export function groupResults(results: readonly CheckResult[]): GroupedResults {
  const report = summariseResults(results);
  const groups: Record<GroupId, CheckResult[]> = { block: [], warn: [], unknown: [], pass: [] };
  for (const r of report.results) groups[groupOf(r)].push(r);
  return {
    counts: report.counts,
    doneByInstall: results.filter((r) => r.status === 'fail' && r.fixedBy !== undefined).length,
    groups,
  };
}

/** A stable key (and test id) for one result: check and the node(s) it names. */
export function resultKey(r: Pick<CheckResult, 'checkId' | 'nodeIds'>): string {
  return `${r.checkId}--${r.nodeIds.join('--')}`;
}

/** A failing result whose fix the panel offers (the back end refuses the rest). */
export function canFix(r: CheckResult): boolean {
  return r.status === 'fail' && r.fix !== undefined;
}
