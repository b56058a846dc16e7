import { randomBytes } from 'node:crypto';
import { TaskStateSchema, type RunState, type TaskState } from '../../common/model/runEvent';

/**
 * A run record's journal: between two full writes of `<runId>.json`, each task that changed is
 * appended as one JSON line to `<runId>.journal`, so a transition costs one small line however
 * many machines the run has. Reading a record = its last full write + the journal replayed.
 *
 * Each full write names a fresh journal generation (`journal` in the JSON) and then removes the
 * journal; lines carry the generation they were written after (`g`). A line of another
 * generation is stale — left over when a kill fell between the full write and the removal, and
 * already in the full record — and replaying it could turn a task back to an older state, so it
 * is skipped. A line cut by a kill (the last one, usually) does not parse and is skipped.
 */

/** The key a full record names its journal generation under (not part of RunState). */
const GEN_KEY = 'journal';

/** A fresh generation: unique enough that no two full writes of one run share it. */
export function newJournalGeneration(): string {
  return randomBytes(6).toString('hex');
}

/** The full record's text: the run and the generation of the journal that follows it. */
export function fullRecordText(state: RunState, generation: string): string {
  return `${JSON.stringify({ ...state, [GEN_KEY]: generation }, null, 2)}\n`;
}

/** The generation a full record (parsed JSON, not yet validated) names, if any. */
export function generationOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || !(GEN_KEY in raw)) return undefined;
  const g: unknown = raw[GEN_KEY];
  return typeof g === 'string' ? g : undefined;
}

/** The journal lines for changed tasks, each ending in a newline. */
export function journalLines(generation: string, tasks: readonly TaskState[]): string {
  return tasks.map((task) => `${JSON.stringify({ g: generation, task })}\n`).join('');
}

/**
 * The record with its journal replayed: each line of `generation` replaces the task of the same
 * step and machine (a task the record does not have is added). Lines of another generation, and
 * lines that are not whole JSON (a torn last line), are skipped. `state` is not changed.
 */
export function replayJournal(
  state: RunState,
  journal: string,
  generation: string | undefined,
): RunState {
  if (generation === undefined || journal === '') return state;
  const tasks = journal
    .split('\n')
    .map((line) => taskOf(line, generation))
    .filter((t): t is TaskState => t !== undefined);
  return withTasks(state, tasks);
}

/** The record with these tasks replacing the ones of the same step and machine (or added). */
export function withTasks(state: RunState, changed: readonly TaskState[]): RunState {
  const tasks = [...state.tasks];
  const index = new Map(tasks.map((t, i) => [cellKey(t), i]));
  for (const task of changed) {
    const at = index.get(cellKey(task));
    if (at === undefined) {
      index.set(cellKey(task), tasks.length);
      tasks.push(task);
    } else tasks[at] = task;
  }
  return { ...state, tasks };
}

function taskOf(line: string, generation: string): TaskState | undefined {
  if (line.trim() === '') return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined; // torn by a kill mid-append
  }
  if (typeof raw !== 'object' || raw === null || !('g' in raw) || raw.g !== generation) {
    return undefined;
  }
  const parsed = TaskStateSchema.safeParse('task' in raw ? raw.task : undefined);
  return parsed.success ? parsed.data : undefined;
}

function cellKey(t: Pick<TaskState, 'stepId' | 'nodeId'>): string {
  return `${t.stepId}@${t.nodeId}`;
}
