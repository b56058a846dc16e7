import { create } from 'zustand';
import type { RunEvent, RunState, TaskState } from '../../../../common/model/runEvent';
import { kubelab } from '../../bridge/kubelab';
import { cellKey, type CellState } from '../../components/checklist/types';
import { appendLog, EMPTY_LOG, type LogBuffer } from '../../components/log/logBuffer';
import { cellFromTask } from './runView';

interface InstallState {
  runId?: string;
  active: boolean;
  dryRun: boolean;
  outcome?: 'succeeded' | 'failed' | 'cancelled';
  /** Error text of the run as a whole (every failed node named). */
  runError?: string;
  stepIds: string[];
  nodeIds: string[];
  cells: Record<string, CellState>;
  tasks: Record<string, TaskState>;
  logs: Record<string, LogBuffer>;
  loaded: boolean;
  load(): Promise<void>;
  apply(event: RunEvent): void;
}

function fromRun(state: RunState): Pick<InstallState, 'stepIds' | 'nodeIds' | 'cells' | 'tasks'> {
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
 * The install as the UI sees it: the last run's state from `install.state`, then every
 * `install.event`. Wet runs only — a dry run's events are ignored here (Show script uses them).
 */
export const useInstallStore = create<InstallState>((set, get) => ({
  active: false,
  dryRun: false,
  stepIds: [],
  nodeIds: [],
  cells: {},
  tasks: {},
  logs: {},
  loaded: false,
  async load() {
    const { active, state } = await kubelab.install.state();
    set({
      active,
      loaded: true,
      ...(state ? { runId: state.runId, outcome: state.outcome, ...fromRun(state) } : {}),
    });
  },
  apply(event) {
    const s = get();
    switch (event.type) {
      case 'run-started':
        if (event.dryRun) return;
        set({
          runId: event.runId,
          active: true,
          dryRun: false,
          outcome: undefined,
          runError: undefined,
          ...fromRun({ runId: event.runId, startedAt: event.time, tasks: event.tasks }),
          logs: event.resumed ? s.logs : {},
        });
        return;
      case 'task-state': {
        if (event.runId !== s.runId) return;
        const key = cellKey(event.stepId, event.nodeId);
        const previous = s.tasks[key];
        const task: TaskState = {
          ...(previous ?? { stepId: event.stepId, nodeId: event.nodeId, attempts: event.attempt }),
          status: event.status,
          attempts: event.attempt,
          startedAt: event.status === 'running' ? event.time : previous?.startedAt,
          finishedAt: event.status === 'running' ? undefined : event.time,
          error: event.error,
          skipReason: event.skipReason,
        };
        set({
          tasks: { ...s.tasks, [key]: task },
          cells: { ...s.cells, [key]: cellFromTask(task, event.durationMs) },
          stepIds: s.stepIds.includes(event.stepId) ? s.stepIds : [...s.stepIds, event.stepId],
          nodeIds: s.nodeIds.includes(event.nodeId) ? s.nodeIds : [...s.nodeIds, event.nodeId],
        });
        return;
      }
      case 'log': {
        if (event.runId !== s.runId) return;
        const key = cellKey(event.stepId, event.nodeId);
        const chunk = event.chunk.endsWith('\n') ? event.chunk : `${event.chunk}\n`;
        set({ logs: { ...s.logs, [key]: appendLog(s.logs[key] ?? EMPTY_LOG, chunk) } });
        return;
      }
      case 'run-finished':
        if (event.result.dryRun || event.runId !== s.runId) return;
        set({
          active: false,
          outcome: event.result.outcome,
          runError: event.result.error?.message,
        });
        return;
      default:
        return;
    }
  },
}));

kubelab.events.install.event((event) => useInstallStore.getState().apply(event));
