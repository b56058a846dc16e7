import type { OperationId } from '../../common/catalog/operations';
import { runOperation, type RunState, type TaskState } from '../../common/model/runEvent';
import type { RunRecordStore } from './runnable';

/** Where a recorded run is kept, so that it is saved back to the same place. */
export interface RunStateStore {
  load(): Promise<RunState | undefined>;
  save(state: RunState): Promise<void>;
  /** Forgets the recorded run; without it an empty run is saved. */
  clear?(): Promise<void>;
  /** Where the store keeps a journal of changed tasks between whole saves (as RecordedRun's). */
  append?(runId: string, tasks: readonly TaskState[]): Promise<void>;
}

/** A recorded run and the store it lives in. */
export interface RecordedRun {
  state: RunState;
  save(state: RunState): Promise<void>;
  /** Where the store keeps a journal (RunRecordStore.append). */
  append?(runId: string, tasks: readonly TaskState[]): Promise<void>;
}

/**
 * Every recorded run, newest first: the cluster's record (the project's run section) and the
 * operations' own records beside the project.
 */
export async function recordedRuns(
  cluster: RunStateStore,
  records: RunRecordStore,
): Promise<RecordedRun[]> {
  const runs: RecordedRun[] = [];
  const own = await cluster.load();
  if (own)
    runs.push({ state: own, save: (s) => cluster.save(s), append: cluster.append?.bind(cluster) });
  for (const state of await records.list()) {
    if (state.runId !== own?.runId)
      runs.push({ state, save: (s) => records.save(s), append: records.append?.bind(records) });
  }
  return runs.sort((a, b) => b.state.startedAt.localeCompare(a.state.startedAt));
}

/**
 * The run a retry or skip of one cell acts on: the given run, else the newest recorded run that
 * has the cell (a reset's cells and the install's are told apart by their step ids and runs).
 */
export async function runWithCell(
  cluster: RunStateStore,
  records: RunRecordStore,
  cell: { stepId: string; nodeId: string; runId?: string },
): Promise<RecordedRun | undefined> {
  const runs = await recordedRuns(cluster, records);
  return runs.find(
    (r) =>
      (cell.runId === undefined || r.state.runId === cell.runId) &&
      r.state.tasks.some((t) => t.stepId === cell.stepId && t.nodeId === cell.nodeId),
  );
}

/**
 * The unfinished run of an operation recorded on its own that a start goes on with: the newest
 * one of the same operation, parameters and selection that did not succeed (killed, failed or
 * cancelled).
 */
export async function unfinishedRun(
  records: RunRecordStore,
  start: { operation: OperationId; params: unknown; nodes?: readonly string[] },
): Promise<RunState | undefined> {
  const same = (await records.list()).filter(
    (s) =>
      runOperation(s) === start.operation &&
      s.outcome !== 'succeeded' &&
      sameJson(s.params, start.params) &&
      sameJson(s.select?.nodes, start.nodes),
  );
  return same.sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
}

/** Parameters and selections are plain JSON (validated, recorded in YAML/JSON). */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
