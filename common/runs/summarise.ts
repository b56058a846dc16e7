import type { RunCell, RunOrigin, RunSummary } from '../contracts/runs';
import { runOperation, type RunState, type TaskState } from '../model/runEvent';

/** One cell of the history: the task's result, its error and diagnosed cause, nothing else. */
function cellOf(t: TaskState): RunCell {
  return {
    stepId: t.stepId,
    nodeId: t.nodeId,
    status: t.status,
    attempts: t.attempts,
    ...(t.startedAt ? { startedAt: t.startedAt } : {}),
    ...(t.finishedAt ? { finishedAt: t.finishedAt } : {}),
    ...(t.error ? { error: t.error.message } : {}),
    ...(t.diagnosis ? { cause: t.diagnosis.title } : {}),
  };
}

/**
 * A recorded run as the history lists it. A run without an outcome is `unfinished` (running now,
 * or stopped by a kill and not resumed) — never shown as anything it did not reach.
 */
export function summariseRun(state: RunState, origin: RunOrigin): RunSummary {
  return {
    runId: state.runId,
    operation: runOperation(state),
    startedAt: state.startedAt,
    ...(state.finishedAt ? { finishedAt: state.finishedAt } : {}),
    outcome: state.outcome ?? 'unfinished',
    origin,
    cells: state.tasks.map(cellOf),
  };
}

/** Every run once (the cluster's record may also be among the records), newest first. */
export function historyOf(
  runs: readonly RunState[],
  originOf: (runId: string) => RunOrigin,
): RunSummary[] {
  const seen = new Map<string, RunState>();
  for (const r of runs) if (!seen.has(r.runId)) seen.set(r.runId, r);
  return [...seen.values()]
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
    .map((r) => summariseRun(r, originOf(r.runId)));
}
