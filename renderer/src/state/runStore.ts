import { isResetOperation, recordedNodeIds } from '../../../common/model/runState';
import { create } from 'zustand';
import type { RunEvent, RunState } from '../../../common/model/runEvent';
import type { OperationId } from '../../../common/catalog/operations';
import { kubelab } from '../bridge/kubelab';
import { cellKey } from '../components/checklist/types';
import type { RecordedCluster } from '../screens/install/operationsMenu';
import {
  applyEvents,
  EMPTY_RUN,
  finishedAtOf,
  fromRunState,
  runErrorOf,
  withLoadedLog,
  type RunData,
} from './runReducer';

interface InstallState extends RunData {
  loaded: boolean;
  /**
   * The cluster's record (install and add-node runs), whatever run is on screen: what the
   * operations menu offers is decided from it (operationsMenu.ts).
   */
  cluster: RecordedCluster;
  /** Reads the cluster's record again (after any run finished). */
  loadCluster(): Promise<void>;
  /**
   * An operation asked for from another screen (Nodes → Remove → "Remove from the cluster"): the
   * Install screen opens its dialog, with this machine chosen.
   */
  requested?: { operation: OperationId; nodeId?: string };
  request(operation: OperationId, nodeId?: string): void;
  clearRequest(): void;
  load(): Promise<void>;
  /** The recorded run's tasks for the run on screen, keeping its logs. */
  refresh(): Promise<void>;
  apply(events: readonly RunEvent[]): void;
  /**
   * Reads a step's log back from the run's log files (install.log), once per cell: after a
   * reload the events that carried it are gone, the files are not.
   */
  loadLog(stepId: string, nodeId: string): Promise<void>;
}

/** No cluster recorded (before an install, after a cluster reset). */
const NO_CLUSTER: RecordedCluster = { nodeIds: [] };

/** Cells whose log was asked for (per page): a log is read back once, then kept by events. */
const logsAsked = new Set<string>();

/**
 * The install as the UI sees it: the last run's state from `install.state`, then every
 * `install.event`, applied once per frame in a batch so a busy engine cannot flood React.
 */
export const useRunStore = create<InstallState>((set, get) => ({
  ...EMPTY_RUN,
  loaded: false,
  cluster: NO_CLUSTER,
  request(operation, nodeId) {
    set({ requested: { operation, ...(nodeId === undefined ? {} : { nodeId }) } });
  },
  clearRequest() {
    set({ requested: undefined });
  },
  async loadCluster() {
    const { state } = await kubelab.install.state();
    set({ cluster: recordedCluster(state) });
  },
  async load() {
    const { active, state } = await kubelab.install.state();
    // The recorded install, in full: also after a reset, whose run replaced it on screen.
    set({
      ...EMPTY_RUN,
      active,
      loaded: true,
      cluster: recordedCluster(state),
      ...(state
        ? {
            runId: state.runId,
            outcome: state.outcome,
            finishedAt: active ? undefined : finishedAtOf(state),
            runError: active ? undefined : runErrorOf(state),
            ...fromRunState(state),
          }
        : {}),
    });
    // The failed cells' logs first: the banner points at them.
    for (const task of state?.tasks ?? []) {
      if (task.status === 'failed') get().loadLog(task.stepId, task.nodeId).catch(ignore);
    }
  },
  async loadLog(stepId, nodeId) {
    const key = cellKey(stepId, nodeId);
    if (logsAsked.has(key)) return;
    logsAsked.add(key);
    try {
      const { text } = await kubelab.install.log({ stepId, nodeId });
      if (!text) return;
      set((s) => ({ logs: { ...s.logs, [key]: withLoadedLog(s.logs[key], text) } }));
    } catch (err) {
      logsAsked.delete(key);
      throw err;
    }
  },
  async refresh() {
    const { active, state } = await kubelab.install.state();
    const shown = get();
    if (active || !state || shown.active || state.runId !== shown.runId) return;
    set({ outcome: state.outcome, finishedAt: finishedAtOf(state), ...fromRunState(state) });
  },
  apply(events) {
    const next = applyEvents(get(), events);
    set(next);
    // An install run over some machines (joining ones) is added to the record, which keeps the
    // others: once it finished, the record is what the screen shows (so nobody else is offered
    // to join), with the run's logs kept.
    const finished = events.some(
      (e) => e.type === 'run-finished' && !e.result.dryRun && e.runId === next.runId,
    );
    if (finished && !isResetOperation(next.kind)) get().refresh().catch(ignore);
    // Any finished run may have changed who is in the cluster (a reset, a removal, a join).
    if (finished) get().loadCluster().catch(ignore);
  },
}));

function recordedCluster(state: RunState | null): RecordedCluster {
  return state ? { outcome: state.outcome, nodeIds: recordedNodeIds(state) } : NO_CLUSTER;
}

/** A refresh that fails leaves the run's own picture on screen. */
const ignore = (): void => undefined;

let queue: RunEvent[] = [];
let scheduled = false;

function flush(): void {
  scheduled = false;
  const events = queue;
  queue = [];
  if (events.length > 0) useRunStore.getState().apply(events);
}

/** One engine event from the back end (events.ts), applied with the rest of its frame. */
export function queueRunEvent(event: RunEvent): void {
  queueRunEvents([event]);
}

/**
 * A tick's engine events as the back end batches them (`install.progress`), in order, applied
 * with the rest of their frame exactly as the same events one by one would be.
 */
export function queueRunEvents(events: readonly RunEvent[]): void {
  for (const event of events) queue.push(event);
  if (scheduled) return;
  scheduled = true;
  // A frame when the page is visible; a timer keeps a hidden window's state current too.
  if (document.visibilityState === 'visible') requestAnimationFrame(flush);
  else setTimeout(flush, 100);
}
