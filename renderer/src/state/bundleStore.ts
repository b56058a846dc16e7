import { create } from 'zustand';
import type { BuildEvent } from '../../../common/bundle/buildEvents';
import type { BundleMachine, BundleNeeds } from '../../../common/bundle/schema';
import type {
  BundleBuildResult,
  BundleInspection,
  BundleList,
} from '../../../common/contracts/bundle';
import { kubelab } from '../bridge/kubelab';
import { EMPTY_PROGRESS, reduceBuildEvent, type BuildProgress } from './bundleBuild';
import { errorText } from './toastStore';

/** An error as the page shows it: the message, and the request field it names when it names one. */
export interface ShownError {
  message: string;
  field?: string;
  /** The AppError's code, so the page can say a known refusal in the user's language. */
  code?: string;
}

/**
 * Read by shape: both faces hand the page an AppError (bridge/desktopBridge.ts rebuilds the
 * desktop's after the context bridge), but a lost connection or a bug is a plain Error.
 */
function shown(err: unknown): ShownError {
  const { field, code } = (err ?? {}) as { field?: unknown; code?: unknown };
  return {
    message: errorText(err),
    ...(typeof field === 'string' ? { field } : {}),
    ...(typeof code === 'string' ? { code } : {}),
  };
}

export type BuildStatus = 'idle' | 'building' | 'cancelling' | 'cancelled' | 'failed' | 'written';

export interface BundleState {
  /** The bundles folder and its files (bundle.list). */
  list?: BundleList;
  listError?: string;
  /** What the plan needs for the machines given (bundle.plan). */
  needs?: BundleNeeds;
  needsFor: BundleMachine[];
  needsLoading: boolean;
  needsError?: ShownError;
  status: BuildStatus;
  /** The file being built, or last built. */
  out?: string;
  progress: BuildProgress;
  result?: BundleBuildResult;
  buildError?: ShownError;
  /** The bundle last inspected (bundle.inspect) and its checks. */
  inspected?: string;
  inspection?: BundleInspection;
  inspecting: boolean;
  inspectError?: ShownError;
  loadList(): Promise<void>;
  loadNeeds(machines: BundleMachine[]): Promise<void>;
  /** `plainHttp`: registry hosts reached over plain HTTP (the CLI's `--plain-http`). */
  build(out: string, plainHttp?: readonly string[]): Promise<void>;
  cancel(): Promise<void>;
  inspect(path: string): Promise<void>;
  /** A `bundle.buildProgress` event: events.ts calls this. */
  received(event: BuildEvent): void;
}

export const useBundleStore = create<BundleState>((set, get) => ({
  needsFor: [],
  needsLoading: false,
  status: 'idle',
  progress: EMPTY_PROGRESS,
  inspecting: false,
  async loadList() {
    try {
      set({ list: await kubelab.bundle.list(), listError: undefined });
    } catch (err) {
      set({ listError: errorText(err) });
    }
  },
  async loadNeeds(machines) {
    set({ needsLoading: true, needsFor: machines });
    try {
      const needs = await kubelab.bundle.plan({ machines });
      set({ needs, needsError: undefined });
    } catch (err) {
      set({ needs: undefined, needsError: shown(err) });
    } finally {
      set({ needsLoading: false });
    }
  },
  async build(out, plainHttp = []) {
    const machines = get().needsFor;
    dropPendingProgress();
    set({
      status: 'building',
      out,
      progress: EMPTY_PROGRESS,
      result: undefined,
      buildError: undefined,
    });
    try {
      const result = await kubelab.bundle.build({
        out,
        machines,
        ...(plainHttp.length > 0 ? { plainHttp: [...plainHttp] } : {}),
      });
      set({ status: 'written', result });
    } catch (err) {
      // A cancel ends the build request with code `cancelled` (main/bundle/buildService.ts); the
      // status asked for says the same where the code does not survive the trip.
      const cancelled =
        (err as { code?: unknown } | undefined)?.code === 'cancelled' ||
        get().status === 'cancelling';
      set({
        status: cancelled ? 'cancelled' : 'failed',
        buildError: cancelled ? undefined : shown(err),
      });
    } finally {
      void get().loadList();
    }
  },
  async cancel() {
    if (get().status !== 'building') return;
    set({ status: 'cancelling' });
    try {
      const { cancelled } = await kubelab.bundle.cancel();
      // Nothing was running any more: the build request is answering on its own.
      if (!cancelled && get().status === 'cancelling') set({ status: 'building' });
    } catch (err) {
      set({ status: 'building', buildError: shown(err) });
    }
  },
  async inspect(path) {
    set({ inspecting: true, inspected: path, inspection: undefined, inspectError: undefined });
    try {
      const inspection = await kubelab.bundle.inspect({ path });
      if (get().inspected === path) set({ inspection });
    } catch (err) {
      if (get().inspected === path) set({ inspectError: shown(err) });
    } finally {
      set({ inspecting: false });
    }
  },
  received(event) {
    // Each download reports up to ten times a second (main/bundle/progressThrottle.ts), and a
    // build runs several at once. Bytes are folded at most every PROGRESS_EVERY_MS; any other
    // event (a start, a done, the written file) applies at once, after the bytes queued before it.
    pendingProgress.push(event);
    if (event.kind !== 'progress') {
      flushProgress();
      return;
    }
    progressTimer ??= setTimeout(flushProgress, PROGRESS_EVERY_MS);
  },
}));

const PROGRESS_EVERY_MS = 100;
let pendingProgress: BuildEvent[] = [];
let progressTimer: ReturnType<typeof setTimeout> | undefined;

/** A new build starts from nothing: bytes still queued from the last one must not land on it. */
function dropPendingProgress(): void {
  if (progressTimer !== undefined) clearTimeout(progressTimer);
  progressTimer = undefined;
  pendingProgress = [];
}

function flushProgress(): void {
  if (progressTimer !== undefined) clearTimeout(progressTimer);
  progressTimer = undefined;
  const events = pendingProgress;
  pendingProgress = [];
  if (events.length === 0) return;
  const { progress } = useBundleStore.getState();
  useBundleStore.setState({ progress: events.reduce(reduceBuildEvent, progress) });
}
