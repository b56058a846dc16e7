import type { CheckResult, PreflightReport } from '../../common/model/preflight';
import { summariseResults } from '../../common/preflight/evaluate';

/** Adds results checked outside the pure evaluation (network matrix, mirrors) to a report. */
export function mergeResults(
  report: PreflightReport,
  extra: readonly CheckResult[],
): PreflightReport {
  return summariseResults([...report.results, ...extra]);
}
