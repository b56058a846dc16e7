import type { RunData } from './runReducer';

/** What decides whether a check's result still describes the machines: the last run's end. */
export type RunEnd = Pick<RunData, 'outcome' | 'finishedAt'>;

/**
 * When a later successful run overtook a check's result (preflight, verification), else
 * undefined. After a failed install is retried to success, a preflight result from before it
 * ("6443/tcp unreachable") describes machines that have changed since: it is shown as stale and
 * draws nothing on the topology. A failed or unfinished run overtakes nothing: its failure may be
 * the very thing the check found.
 */
export function supersededBy(checkedAt: string, run: RunEnd): string | undefined {
  if (run.outcome !== 'succeeded' || run.finishedAt === undefined) return undefined;
  return Date.parse(run.finishedAt) > Date.parse(checkedAt) ? run.finishedAt : undefined;
}
