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
  // The text of JSON.stringify({ g, task }) for each, without a wrapper object per line.
  const head = `{"g":${JSON.stringify(generation)},"task":`;
  let out = '';
  for (const task of tasks) out += `${head}${JSON.stringify(task)}}\n`;
  return out;
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

/**
 * Where each cell sits in a record's task list, kept beside the list (keyed by the list itself)
 * so an append does not rebuild it: the cluster's record takes one `withTasks` per transition,
 * and a Map of every cell made anew each time cost O(tasks) per transition on an install's hot
 * path (issue 15). A new list made by `withTasks` takes the index over from the list it was
 * copied from. A kept index is checked before use (the list's length, the places of the cells
 * changed), so a list grown or reordered by other hands gets its index made again.
 */
interface CellIndex {
  readonly at: Map<string, number>;
  length: number;
}
const indexes = new WeakMap<readonly TaskState[], CellIndex>();

function indexOf(tasks: readonly TaskState[], changed: readonly TaskState[]): CellIndex {
  const kept = indexes.get(tasks);
  if (kept && kept.length === tasks.length && pointsRight(kept, tasks, changed)) return kept;
  const at = new Map<string, number>();
  tasks.forEach((t, i) => at.set(cellKey(t), i));
  return { at, length: tasks.length };
}

/** A kept index still names the right place of every changed cell it knows (a cheap check). */
function pointsRight(
  index: CellIndex,
  tasks: readonly TaskState[],
  changed: readonly TaskState[],
): boolean {
  return changed.every((task) => {
    const at = index.at.get(cellKey(task));
    return at === undefined || sameCell(tasks[at], task);
  });
}

/**
 * The record with these tasks replacing the ones of the same step and machine (or added). The
 * record is not changed; the new list is a copy of its list (pointers only), and the index of
 * cells moves over to the new list.
 */
export function withTasks(state: RunState, changed: readonly TaskState[]): RunState {
  const index = indexOf(state.tasks, changed);
  const tasks = state.tasks.slice();
  for (const task of changed) {
    const key = cellKey(task);
    const at = index.at.get(key);
    if (at === undefined) {
      index.at.set(key, tasks.length);
      tasks.push(task);
    } else tasks[at] = task;
  }
  index.length = tasks.length;
  // The old list's index now describes the new one (cells the old lacks): moved, not shared.
  indexes.delete(state.tasks);
  indexes.set(tasks, index);
  return { ...state, tasks };
}

/**
 * A deep copy of a task state, which is plain JSON data (strings, numbers, booleans, objects,
 * arrays): a record keeps copies of the run's live tasks, which go on changing (StateWriter).
 * Made by hand rather than with `structuredClone`, whose fixed cost per call (~14 µs a task on
 * this machine, more than the rest of an append) showed on every transition of a 100-machine
 * install (issue 15).
 */
export function copyTask(task: TaskState): TaskState {
  return copyJson(task);
}

function copyJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v: unknown) => copyJson(v)) as T;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(source)) out[k] = copyJson(source[k]);
  return out as T;
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

function sameCell(a: TaskState | undefined, b: TaskState): boolean {
  return a !== undefined && a.stepId === b.stepId && a.nodeId === b.nodeId;
}
