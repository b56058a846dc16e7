import type { OperationId } from '../../../common/catalog/operations';
import type { RunEvent, RunState, TaskState } from '../../../common/model/runEvent';
import { cellKey, type CellState } from '../components/checklist/types';
import { appendLog, EMPTY_LOG, type LogBuffer } from '../components/log/logBuffer';
import { cellFromTask } from '../screens/install/runView';

/** The install as the screen draws it; every field is replaced (never mutated) per batch. */
export interface RunData {
  runId?: string;
  /** The operation the run is (run-started says which), on the same stream as the install. */
  kind: OperationId;
  active: boolean;
  outcome?: 'succeeded' | 'failed' | 'cancelled';
  /** When the run finished: check results taken before a later success are stale. */
  finishedAt?: string;
  /** Error text of the run as a whole (every failed node named). */
  runError?: string;
  stepIds: string[];
  nodeIds: string[];
  cells: Record<string, CellState>;
  tasks: Record<string, TaskState>;
  logs: Record<string, LogBuffer>;
}

export const EMPTY_RUN: RunData = {
  kind: 'install',
  active: false,
  stepIds: [],
  nodeIds: [],
  cells: {},
  tasks: {},
  logs: {},
};

export function fromRunState(
  state: RunState,
): Pick<RunData, 'stepIds' | 'nodeIds' | 'cells' | 'tasks'> {
  const cells: Record<string, CellState> = {};
  const tasks: Record<string, TaskState> = {};
  for (const task of state.tasks) {
    const key = cellKey(task.stepId, task.nodeId);
    cells[key] = cellFromTask(task);
    tasks[key] = task;
  }
  return {
    stepIds: [...new Set(state.tasks.map((t) => t.stepId))],
    nodeIds: [...new Set(state.tasks.map((t) => t.nodeId))],
    cells,
    tasks,
  };
}

/**
 * When a recorded run finished: its own time, else (records that lack it) its last task's.
 */
export function finishedAtOf(state: RunState): string | undefined {
  if (state.finishedAt) return state.finishedAt;
  const times = state.tasks.flatMap((t) => (t.finishedAt ? [Date.parse(t.finishedAt)] : []));
  return times.length > 0 ? new Date(Math.max(...times)).toISOString() : undefined;
}

/**
 * The run's error as the failure banner shows it, rebuilt from a recorded run (after a reload
 * there is no run-finished event to carry it): every failed task's message, each of which names
 * its step and node, as the engine's aggregate error does.
 */
export function runErrorOf(state: RunState): string | undefined {
  if (state.outcome !== 'failed') return undefined;
  const messages = state.tasks.flatMap((t) =>
    t.status === 'failed' ? [t.error?.message ?? `${t.stepId} on ${t.nodeId} failed`] : [],
  );
  return messages.length > 0 ? messages.join('\n') : undefined;
}

/** A step's log read back from the back end's log files (install.log) into the viewer's buffer. */
export function withLoadedLog(current: LogBuffer | undefined, text: string): LogBuffer {
  const loaded = appendLog(EMPTY_LOG, text);
  if (!current) return loaded;
  // Lines that arrived as events while the file was read: keep those the file does not end with.
  const fileLines = loaded.lines;
  const live = current.lines;
  let overlap = Math.min(live.length, fileLines.length);
  while (overlap > 0 && !endsWith(fileLines, live.slice(0, overlap))) overlap -= 1;
  const rest = live.slice(overlap);
  return rest.length > 0
    ? appendLog(loaded, `${rest.join('\n')}\n${current.partial}`)
    : appendLog(loaded, current.partial);
}

function endsWith(lines: readonly string[], tail: readonly string[]): boolean {
  const start = lines.length - tail.length;
  return start >= 0 && tail.every((l, i) => lines[start + i] === l);
}

/**
 * Applies a batch of engine events (everything that arrived within one frame). The maps are
 * copied once per batch, not once per event: at a thousand events a second over 2 500 cells,
 * per-event copies would cost more than drawing. Dry runs (Show script) are ignored here.
 */
export function applyEvents(data: RunData, events: readonly RunEvent[]): RunData {
  let next: RunData = { ...data };
  let copied = false;
  const own = (): void => {
    if (copied) return;
    next = {
      ...next,
      cells: { ...next.cells },
      tasks: { ...next.tasks },
      logs: { ...next.logs },
    };
    copied = true;
  };
  for (const event of events) {
    switch (event.type) {
      case 'run-started':
        if (event.dryRun) break;
        next = {
          ...next,
          runId: event.runId,
          kind: event.operation,
          active: true,
          outcome: undefined,
          finishedAt: undefined,
          runError: undefined,
          ...fromRunState({ runId: event.runId, startedAt: event.time, tasks: event.tasks }),
          logs: event.resumed ? { ...next.logs } : {},
        };
        copied = true;
        break;
      case 'task-state': {
        if (event.runId !== next.runId) break;
        own();
        const key = cellKey(event.stepId, event.nodeId);
        const previous = next.tasks[key];
        const task: TaskState = {
          ...(previous ?? { stepId: event.stepId, nodeId: event.nodeId, attempts: event.attempt }),
          status: event.status,
          attempts: event.attempt,
          startedAt: event.status === 'running' ? event.time : previous?.startedAt,
          finishedAt: event.status === 'running' ? undefined : event.time,
          error: event.error,
          skipReason: event.skipReason,
          diagnosis: event.diagnosis,
        };
        next.tasks[key] = task;
        next.cells[key] = cellFromTask(task, event.durationMs);
        // Replaced only when they grow, so the screen's steps and columns (and every cell that
        // depends on them) keep their identity across batches.
        if (!next.stepIds.includes(event.stepId)) next.stepIds = [...next.stepIds, event.stepId];
        if (!next.nodeIds.includes(event.nodeId)) next.nodeIds = [...next.nodeIds, event.nodeId];
        break;
      }
      case 'log': {
        if (event.runId !== next.runId) break;
        own();
        const key = cellKey(event.stepId, event.nodeId);
        const chunk = event.chunk.endsWith('\n') ? event.chunk : `${event.chunk}\n`;
        next.logs[key] = appendLog(next.logs[key] ?? EMPTY_LOG, chunk);
        break;
      }
      case 'run-finished':
        if (event.result.dryRun || event.runId !== next.runId) break;
        next = {
          ...next,
          active: false,
          outcome: event.result.outcome,
          finishedAt: event.time,
          runError: event.result.error?.message,
        };
        break;
      default:
        break;
    }
  }
  return next;
}
