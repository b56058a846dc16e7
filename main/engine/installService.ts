import { AppError } from '../../common/model/appError';
import type { NodeSpec } from '../../common/model/node';
import type { RunEvent, RunResult, RunState, TaskState } from '../../common/model/runEvent';
import type { LogSink } from './logSink';
import type { Remote } from './remote';
import { redact } from './redact';
import { readTaskLog } from './taskLog';
import type { TaskLog } from '../../common/contracts/install';
import { continuesRun, newRunId } from './resume';
import { runInstall } from './runner';
import type { Step } from './step';

/** The cluster to install: nodes and plan, normally from the project file. */
export interface InstallTarget {
  nodes: NodeSpec[];
  plan: unknown;
}

/** Where the run state lives (the project file's run section). */
export interface RunStateStore {
  load(): Promise<RunState | undefined>;
  save(state: RunState): Promise<void>;
  /** Forgets the recorded run (after a cluster reset); without it an empty run is saved. */
  clear?(): Promise<void>;
}

/**
 * Day 2 through the contract: `kubelab reset`'s step lists and the control plane's half of a
 * node reset. Without them `install.reset` answers `not_configured`.
 */
export interface DayTwoDeps {
  resetNode: readonly Step[];
  resetCluster: readonly Step[];
  /**
   * Drains the node and deletes it from the cluster, on the control plane, before its reset.
   * Best effort (the reset was confirmed): it reports what happened, for the reset cell's log.
   */
  drain?(target: NodeSpec, t: InstallTarget, remoteFor: InstallDeps['remoteFor']): Promise<string>;
}

/**
 * What the install needs from the rest of the back end. Each is plugged in by its owner (steps,
 * SSH, project file); a missing one makes the install calls fail with `not_configured`.
 */
export interface InstallDeps {
  steps: readonly Step[];
  remoteFor(node: NodeSpec): Remote | Promise<Remote>;
  stateStore: RunStateStore;
  target(): Promise<InstallTarget>;
  /** Validates a plan passed to install.start (the plan schema's parse). */
  parsePlan?(raw: unknown): unknown;
  logSink?: LogSink;
  concurrency?: number;
  dayTwo?: DayTwoDeps;
}

export interface StartRequest {
  steps?: string[];
  nodes?: string[];
  dryRun?: boolean;
  probe?: boolean;
  concurrency?: number;
  fresh?: boolean;
  plan?: unknown;
  /**
   * A day-2 run of the CLI (`add-node`, `reset`), recorded as RunState.kind. A saved unfinished
   * run is resumed only by a start of its own kind, and for a day-2 kind only over the same
   * selection; otherwise the start is a new run (over a selection, added to the record).
   */
  kind?: string;
}

export interface ResetRequest {
  /** Reset only this node (drained and deleted from the cluster first); default: every node. */
  nodeId?: string;
  /** Must equal the plan's clusterName: what the user typed to confirm. */
  confirm: string;
}

export interface Started {
  runId: string;
  dryRun: boolean;
  resumed: boolean;
  result?: RunResult;
}

interface Active {
  runId: string;
  abort: AbortController;
  done: Promise<RunResult>;
}

/**
 * One back end's install runs: start (or resume), cancel, retry a task, skip a task, state.
 * One wet run at a time; dry runs may happen alongside. Events go to `emit`.
 */
export class InstallService {
  private active: Active | undefined;
  private last: Promise<RunResult> | undefined;
  /** The last day-2 run (its state is in memory only), for Retry on its failed cells. */
  private lastDayTwo: LastDayTwo | undefined;

  private readonly emit: (event: RunEvent) => void;

  constructor(
    private readonly deps: Partial<InstallDeps>,
    emit: (event: RunEvent) => void,
  ) {
    // The run is over for callers as soon as they hear run-finished: they may start the next.
    this.emit = (event) => {
      if (event.type === 'run-finished' && this.active?.runId === event.runId) {
        this.active = undefined;
      }
      emit(event);
    };
  }

  async start(req: StartRequest): Promise<Started> {
    const { steps, remoteFor, target } = this.need();
    const t = await target();
    const plan = req.plan === undefined ? t.plan : this.parsePlan(req.plan);
    const base = {
      steps,
      nodes: t.nodes,
      plan,
      remoteFor,
      select: { steps: req.steps, nodes: req.nodes },
      concurrency: req.concurrency ?? this.deps.concurrency,
      emit: this.emit,
      logSink: this.deps.logSink,
    };
    if (req.dryRun) {
      const result = await runInstall({ ...base, dryRun: true, probe: req.probe ?? false });
      return { runId: result.runId, dryRun: true, resumed: false, result };
    }
    const saved = await this.need().stateStore.load();
    const resume =
      !req.fresh && saved && saved.outcome !== 'succeeded' && continuesRun(saved, req)
        ? saved
        : undefined;
    const hasSelect = req.steps !== undefined || req.nodes !== undefined;
    return this.launch({
      ...base,
      kind: req.kind,
      select: resume && !hasSelect ? undefined : base.select,
      state: resume,
      // A new run over some nodes (machines joining) adds to the record; it never replaces it.
      record: !resume && hasSelect ? saved : undefined,
    });
  }

  async retry(stepId: string, nodeId: string): Promise<Started> {
    const { steps, remoteFor, target, stateStore } = this.need();
    const dayTwo = this.lastDayTwo;
    const day2Task = (await dayTwo?.run.store.load())?.tasks.find(
      (x) => x.stepId === stepId && x.nodeId === nodeId,
    );
    if (dayTwo && day2Task) return this.retryDayTwo(dayTwo, day2Task);
    if (this.isDayTwoStep(stepId)) {
      throw new AppError({
        code: 'not_found',
        message: `${stepId} on ${nodeId} is not from the last reset (the install ran since, or the back end restarted); run the reset again`,
        nodeId,
        stepId,
      });
    }
    const saved = await stateStore.load();
    const task = saved?.tasks.find((x) => x.stepId === stepId && x.nodeId === nodeId);
    if (!saved || !task) throw notFound(stepId, nodeId);
    if (saved.kind !== undefined) {
      // Its steps are the CLI command's, not this install's: only that command can go on with it.
      throw new AppError({
        code: 'invalid_state',
        message: `the recorded run is \`kubelab ${saved.kind}\`'s; run it again to resume it`,
        nodeId,
        stepId,
      });
    }
    if (task.status === 'done' || task.status === 'already-done') {
      throw new AppError({
        code: 'invalid_state',
        message: `${stepId} on ${nodeId} is ${task.status}; nothing to retry`,
        nodeId,
        stepId,
      });
    }
    const t = await target();
    return this.launch({
      steps,
      nodes: t.nodes,
      plan: t.plan,
      remoteFor,
      state: saved,
      retry: { stepId, nodeId },
      concurrency: this.deps.concurrency,
      emit: this.emit,
      logSink: this.deps.logSink,
    });
  }

  async skip(stepId: string, nodeId: string): Promise<RunState> {
    this.idle();
    if (this.isDayTwoStep(stepId)) {
      throw new AppError({
        code: 'invalid_state',
        message: `${stepId} cannot be skipped: retry it, or run the reset again`,
        nodeId,
        stepId,
      });
    }
    const { stateStore } = this.need();
    const saved = await stateStore.load();
    const task = saved?.tasks.find((x) => x.stepId === stepId && x.nodeId === nodeId);
    if (!saved || !task) throw notFound(stepId, nodeId);
    task.status = 'skipped';
    task.skipReason = 'user';
    task.finishedAt = new Date().toISOString();
    delete task.error;
    await stateStore.save(saved);
    return saved;
  }

  /**
   * Day 2: `kubelab reset [--node]` through the same engine and event stream. Refused unless
   * `confirm` is the plan's cluster name. The reset run's own state is kept in memory (the CLI's
   * `kubelab reset` records its run in the project instead, RunState.kind 'reset'), so it never
   * replaces the install's recorded run; once it has run, the reset
   * node's tasks (every task, for the cluster) are dropped from the recorded run — they no longer
   * describe the machine — so the next install checks it afresh and the UI offers it to join.
   * `retry` on its failed cell continues it (see retryDayTwo) until the install runs again.
   */
  async reset(req: ResetRequest): Promise<Started> {
    const { remoteFor, target, stateStore } = this.need();
    const dayTwo = this.deps.dayTwo;
    if (!dayTwo) throw notConfigured('the day-2 step lists');
    this.idle();
    const t = await target();
    const name = clusterNameOf(t.plan);
    if (name === undefined || req.confirm !== name) {
      throw new AppError({
        code: 'not_confirmed',
        message:
          name === undefined
            ? 'the plan has no cluster name to confirm the reset with'
            : `type the cluster name "${name}" to confirm the reset`,
        field: 'confirm',
      });
    }
    const nodeId = req.nodeId;
    const node = nodeId === undefined ? undefined : t.nodes.find((n) => n.id === nodeId);
    if (nodeId !== undefined && !node) {
      throw new AppError({
        code: 'not_found',
        message: `no node "${nodeId}" in the project`,
        nodeId,
        field: 'nodeId',
      });
    }
    const runId = newRunId();
    const memory = memoryStateStore();
    const drain = dayTwo.drain;
    const before = node && drain ? () => drain(node, t, remoteFor) : undefined;
    const opts: Parameters<typeof runInstall>[0] = {
      steps: node ? dayTwo.resetNode : dayTwo.resetCluster,
      nodes: t.nodes,
      plan: t.plan,
      remoteFor,
      runId,
      select: node ? { nodes: [node.id] } : undefined,
      concurrency: this.deps.concurrency,
      emit: this.emit,
      logSink: this.deps.logSink,
    };
    const run: DayTwoRun = {
      store: memory,
      before: before && {
        run: before,
        stepId: node ? (dayTwo.resetNode[0]?.id ?? '') : '',
        nodeId: node?.id ?? '',
      },
      after: () => forgetReset(stateStore, node?.id),
    };
    const started = this.launch(opts, run);
    this.lastDayTwo = { opts, run };
    return started;
  }

  /**
   * Retry on a failed cell of the last day-2 run (kept in memory, like its state): the same
   * confirmed reset continues from its own state — drain again (best effort) first, then the
   * failed task and what depends on it; the install's record is updated after it as before.
   */
  private async retryDayTwo(last: LastDayTwo, task: TaskState): Promise<Started> {
    const { stepId, nodeId } = task;
    if (task.status === 'done' || task.status === 'already-done') {
      throw new AppError({
        code: 'invalid_state',
        message: `${stepId} on ${nodeId} is ${task.status}; nothing to retry`,
        nodeId,
        stepId,
      });
    }
    const state = await last.run.store.load();
    return this.launch({ ...last.opts, state, retry: { stepId, nodeId } }, last.run);
  }

  private isDayTwoStep(stepId: string): boolean {
    const d = this.deps.dayTwo;
    return !!d && [...d.resetNode, ...d.resetCluster].some((s) => s.id === stepId);
  }

  cancel(): { cancelled: boolean } {
    if (!this.active) return { cancelled: false };
    this.active.abort.abort(new AppError({ code: 'cancelled', message: 'cancelled by the user' }));
    return { cancelled: true };
  }

  async state(): Promise<{ active: boolean; state: RunState | null }> {
    const saved = await this.deps.stateStore?.load();
    return { active: this.active !== undefined, state: saved ?? null };
  }

  /** A task's log from the log files: the active run's, the recorded run's, else an older one. */
  async log(stepId: string, nodeId: string, maxBytes: number): Promise<TaskLog> {
    const saved = await this.deps.stateStore?.load();
    const preferred = [this.active?.runId, saved?.runId];
    return readTaskLog(this.deps.logSink, preferred, nodeId, stepId, maxBytes);
  }

  /** The result of the current or last wet run (the CLI waits on this). */
  wait(): Promise<RunResult | undefined> {
    return this.last ?? Promise.resolve(undefined);
  }

  private launch(opts: Parameters<typeof runInstall>[0], day2?: DayTwoRun): Started {
    this.idle();
    // Once the install runs again, the last reset is history: its cells are not retried.
    if (!day2) this.lastDayTwo = undefined;
    const abort = new AbortController();
    const runId = opts.state?.runId ?? opts.runId ?? newRunId();
    const store = day2?.store ?? this.need().stateStore;
    const run = (emit: ((e: RunEvent) => void) | undefined): Promise<RunResult> =>
      runInstall({ ...opts, emit, runId, signal: abort.signal, saveState: (s) => store.save(s) });
    const done = day2 ? this.runDayTwo(runId, day2, run) : run(opts.emit);
    const active: Active = { runId, abort, done };
    this.active = active;
    this.last = done;
    const clear = (): void => {
      if (this.active === active) this.active = undefined;
    };
    done.then(clear, (err: unknown) => {
      clear();
      const message = err instanceof Error ? err.message : String(err);
      this.emit({
        type: 'log',
        runId,
        time: new Date().toISOString(),
        nodeId: '',
        stepId: '',
        stream: 'engine',
        chunk: redact(`[kubelab] the run stopped: ${message}\n`),
      });
    });
    return { runId, dryRun: false, resumed: opts.state !== undefined };
  }

  /**
   * A day-2 run: `before` (the drain) runs first, its report logged on the reset cell once the
   * run has started; `after` (the recorded run's update) runs before run-finished is heard, so
   * a caller reading install.state on run-finished sees it done.
   */
  private async runDayTwo(
    runId: string,
    day2: DayTwoRun,
    run: (emit: (e: RunEvent) => void) => Promise<RunResult>,
  ): Promise<RunResult> {
    const prelude = day2.before ? await day2.before.run() : undefined;
    let finished: RunEvent | undefined;
    const emit = (event: RunEvent): void => {
      if (event.runId === runId && event.type === 'run-finished') {
        finished = event;
        return;
      }
      this.emit(event);
      if (event.runId === runId && event.type === 'run-started' && prelude && day2.before) {
        this.emit({
          type: 'log',
          runId,
          time: new Date().toISOString(),
          nodeId: day2.before.nodeId,
          stepId: day2.before.stepId,
          stream: 'engine',
          chunk: redact(prelude),
        });
      }
    };
    try {
      const result = await run(emit);
      await day2.after?.(result);
      return result;
    } finally {
      if (finished) this.emit(finished);
    }
  }

  private idle(): void {
    if (this.active) {
      throw new AppError({
        code: 'run_in_progress',
        message: `run ${this.active.runId} is still running; cancel it or wait for it to finish`,
      });
    }
  }

  private parsePlan(raw: unknown): unknown {
    if (!this.deps.parsePlan) throw notConfigured('a plan parser');
    return this.deps.parsePlan(raw);
  }

  private need(): InstallDeps {
    const d = this.deps;
    if (!d.steps) throw notConfigured('the step list');
    if (!d.remoteFor) throw notConfigured('node connections');
    if (!d.stateStore) throw notConfigured('a run-state store');
    if (!d.target) throw notConfigured('a project (nodes and plan)');
    return {
      ...d,
      steps: d.steps,
      remoteFor: d.remoteFor,
      stateStore: d.stateStore,
      target: d.target,
    };
  }
}

interface DayTwoRun {
  /** Where the day-2 run's own state goes (memory: the install's record is not replaced). */
  store: RunStateStore;
  before?: { run(): Promise<string>; stepId: string; nodeId: string };
  after?(result: RunResult): Promise<void>;
}

interface LastDayTwo {
  opts: Parameters<typeof runInstall>[0];
  run: DayTwoRun;
}

/** A run state kept only in memory, for day-2 runs. */
function memoryStateStore(): RunStateStore {
  let state: RunState | undefined;
  return {
    load: async () => state,
    save: async (s) => {
      state = structuredClone(s);
    },
  };
}

/** Drops the reset node's tasks (every task for a cluster reset) from the recorded install run. */
async function forgetReset(store: RunStateStore, nodeId: string | undefined): Promise<void> {
  const saved = await store.load();
  if (!saved) return;
  const tasks = nodeId === undefined ? [] : saved.tasks.filter((x) => x.nodeId !== nodeId);
  if (tasks.length === saved.tasks.length && nodeId !== undefined) return;
  if (tasks.length > 0) await store.save({ ...saved, tasks });
  else if (store.clear) await store.clear();
  else await store.save({ ...saved, tasks: [] });
}

function clusterNameOf(plan: unknown): string | undefined {
  if (typeof plan !== 'object' || plan === null || !('clusterName' in plan)) return undefined;
  return typeof plan.clusterName === 'string' ? plan.clusterName : undefined;
}

function notConfigured(what: string): AppError {
  return new AppError({ code: 'not_configured', message: `install: ${what} is not configured` });
}

function notFound(stepId: string, nodeId: string): AppError {
  return new AppError({
    code: 'not_found',
    message: `no recorded task ${stepId} on ${nodeId}`,
    nodeId,
    stepId,
  });
}
