import type { CheckResult, PreflightReport } from '../../common/model/preflight';

/** Failing blockers first, then warnings, unknowns, passes (as common/preflight/evaluate.ts). */
function rank(r: CheckResult): number {
  if (r.status === 'fail') return r.severity === 'block' ? 0 : 1;
  return r.status === 'unknown' ? 2 : 3;
}

/** Adds results checked outside the pure evaluation (network matrix, mirrors) to a report. */
export function mergeResults(
  report: PreflightReport,
  extra: readonly CheckResult[],
): PreflightReport {
  const results = [...report.results, ...extra]
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map(({ r }) => r);
  const count = (f: (r: CheckResult) => boolean): number => results.filter(f).length;
  const block = count((r) => r.status === 'fail' && r.severity === 'block');
  return {
    ok: block === 0,
    counts: {
      block,
      warn: count((r) => r.status === 'fail' && r.severity === 'warn'),
      pass: count((r) => r.status === 'pass'),
      unknown: count((r) => r.status === 'unknown'),
    },
    results,
  };
}
