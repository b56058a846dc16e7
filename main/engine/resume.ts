import type { OperationId } from '../../common/catalog/operations';
import { runOperation } from '../../common/model/runEvent';
import { randomBytes } from 'node:crypto';
import type { Recheck, RunState, TaskState } from '../../common/model/runEvent';
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
 * finished tasks stay finished (they are not run again) while they still match the plan (see
 * `stale`), and everything else becomes pending, keeping its attempt count and any detached run
 * (which the executor re-attaches to, never restarts). With `retry`, other failed tasks stay
 * failed (their dependants are skipped again). Tasks of the saved state outside this run are kept
 * as they are.
 */
export function prepareState(
  tasks: readonly Task[],
  saved: RunState | undefined,
  runId: string,
  retry?: { stepId: string; nodeId: string },
  fingerprints?: ReadonlyMap<string, string | undefined>,
): {
  state: RunState;
  byKey: Map<string, TaskState>;
  recheck: Recheck;
  /** The finished tasks that run again, with why (task key → reason). */
  rechecked: Map<string, keyof Recheck>;
} {
  const state: RunState = saved
    ? { ...structuredClone(saved), finishedAt: undefined, outcome: undefined }
    : { runId, startedAt: new Date().toISOString(), tasks: [] };
  delete state.finishedAt;
  delete state.outcome;
  const byKey = new Map<string, TaskState>();
  const recheck: Recheck = { changed: 0, unrecorded: 0, dependants: 0 };
  const rechecked = new Map<string, keyof Recheck>();
  const retryKey = retry && taskKey(retry.stepId, retry.nodeId);
  for (const t of state.tasks) byKey.set(taskKey(t.stepId, t.nodeId), t);
  // In graph order (dependencies come first), so a rerun reaches everything after it.
  for (const task of tasks) {
    let t = byKey.get(task.key);
    if (!t) {
      t = { stepId: task.step.id, nodeId: task.node.id, status: 'pending', attempts: 0 };
      state.tasks.push(t);
      byKey.set(task.key, t);
      continue;
    }
    const why = fingerprints && stale(t, task, byKey, fingerprints);
    if (why) {
      recheck[why]++;
      rechecked.set(task.key, why);
      t.status = 'pending';
      delete t.outputs;
      delete t.finishedAt;
    } else if (!satisfied(t) && !(retry && t.status === 'failed' && task.key !== retryKey)) {
      t.status = 'pending';
      delete t.error;
      delete t.skipReason;
      delete t.finishedAt;
    }
  }
  return { state, byKey, recheck, rechecked };
}

/**
 * Why a finished task of a resumed run must run again (its check then says whether the node
 * already matches), or undefined to keep it: it was rendered from something else than the
 * current plan and nodes give (`changed`), it was recorded without a fingerprint (`unrecorded`:
 * a project file from before fingerprints, so nothing says it matches), or a task it depends on
 * runs again (`dependants`: it may have been built on what changes now). A user's skip is the
 * user's decision, not a rendering, and is kept.
 */
function stale(
  t: TaskState,
  task: Task,
  byKey: ReadonlyMap<string, TaskState>,
  fingerprints: ReadonlyMap<string, string | undefined>,
): keyof Recheck | undefined {
  if (t.status !== 'done' && t.status !== 'already-done') return undefined;
  if (t.fingerprint === undefined) return 'unrecorded';
  if (t.fingerprint !== fingerprints.get(task.key)) return 'changed';
  const dep = task.deps.map((k) => byKey.get(k)).find((d) => d && !satisfied(d));
  return dep ? 'dependants' : undefined;
}

/**
 * A new run over a selection, on top of the project's recorded run (`runInstall`'s `record`):
 * the recorded tasks it does not cover (other nodes, other steps) are kept as they are, so the
 * saved state stays a picture of every node. Covered recorded tasks are replaced by this run's,
 * machine by machine in the project's order. A resume of the saved state runs only the
 * selection it keeps, so the kept tasks are never run again under this run's id.
 */
export function keepRecorded(
  state: RunState,
  byKey: Map<string, TaskState>,
  record: RunState,
  select: { steps?: readonly string[]; nodes?: readonly string[] },
  nodeOrder: readonly string[],
): void {
  const covered = (t: TaskState): boolean =>
    (select.nodes === undefined || select.nodes.includes(t.nodeId)) &&
    (select.steps === undefined || select.steps.includes(t.stepId));
  const used = new Set<string>();
  const tasks: TaskState[] = [];
  for (const recorded of record.tasks) {
    const key = taskKey(recorded.stepId, recorded.nodeId);
    const own = byKey.get(key);
    if (own) {
      if (!used.has(key)) tasks.push(own);
      used.add(key);
    } else if (!covered(recorded) && !used.has(key)) {
      const kept = structuredClone(recorded);
      tasks.push(kept);
      byKey.set(key, kept);
      used.add(key);
    }
  }
  for (const t of state.tasks) if (!used.has(taskKey(t.stepId, t.nodeId))) tasks.push(t);
  // Machines in the project's order (a node joining again is not put last), stable otherwise.
  const at = (id: string): number => {
    const i = nodeOrder.indexOf(id);
    return i < 0 ? nodeOrder.length : i;
  };
  state.tasks = tasks
    .map((t, i) => ({ t, i }))
    .sort((a, b) => at(a.t.nodeId) - at(b.t.nodeId) || a.i - b.i)
    .map(({ t }) => t);
}

const sameList = (a?: readonly string[], b?: readonly string[]): boolean =>
  a === undefined || b === undefined
    ? a === b
    : a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Whether a start goes on with the saved unfinished run: it is of the same kind (RunState.kind;
 * absent for the install, which resumes whatever it recorded), and a day-2 run also over the same
 * selection — `kubelab add-node node4` does not pick up an unfinished add-node of node3.
 */
export function continuesRun(
  saved: RunState,
  start: { kind?: OperationId; steps?: readonly string[]; nodes?: readonly string[] },
): boolean {
  const operation = start.kind ?? 'install';
  if (runOperation(saved) !== operation) return false;
  if (operation === 'install') return true;
  return sameList(saved.select?.nodes, start.nodes) && sameList(saved.select?.steps, start.steps);
}
