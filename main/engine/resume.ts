import { randomBytes } from 'node:crypto';
import type { RunState, TaskState } from '../../common/model/runEvent';
import type { Task } from './graph';
import { taskKey } from './graph';

/** A run id that is also a safe directory name on the node and in the data dir. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `r${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Whether a task counts as finished for its dependants. */
export function satisfied(t: TaskState): boolean {
  return (
    t.status === 'done' ||
    t.status === 'already-done' ||
    (t.status === 'skipped' && t.skipReason === 'user')
  );
}

/**
 * Prepares the state for a run of `tasks`: a fresh state, or a saved one resumed. On resume,
 * finished tasks stay finished (they are not run again) and everything else becomes pending,
 * keeping its attempt count and any detached run (which the executor re-attaches to, never
 * restarts). With `retry`, other failed tasks stay failed (their dependants are skipped again).
 * Tasks of the saved state outside this run are kept as they are.
 */
export function prepareState(
  tasks: readonly Task[],
  saved: RunState | undefined,
  runId: string,
  retry?: { stepId: string; nodeId: string },
): { state: RunState; byKey: Map<string, TaskState> } {
  const state: RunState = saved
    ? { ...structuredClone(saved), finishedAt: undefined, outcome: undefined }
    : { runId, startedAt: new Date().toISOString(), tasks: [] };
  delete state.finishedAt;
  delete state.outcome;
  const byKey = new Map<string, TaskState>();
  const retryKey = retry && taskKey(retry.stepId, retry.nodeId);
  for (const t of state.tasks) byKey.set(taskKey(t.stepId, t.nodeId), t);
  for (const task of tasks) {
    let t = byKey.get(task.key);
    if (!t) {
      t = { stepId: task.step.id, nodeId: task.node.id, status: 'pending', attempts: 0 };
      state.tasks.push(t);
      byKey.set(task.key, t);
    } else if (!satisfied(t) && !(retry && t.status === 'failed' && task.key !== retryKey)) {
      t.status = 'pending';
      delete t.error;
      delete t.skipReason;
      delete t.finishedAt;
    }
  }
  return { state, byKey };
}
