import { operationInfo, type OperationId } from '../../common/catalog/operations';
import { runOperation } from '../../common/model/runEvent';
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
  /** The add-node operation's steps (machines joining an installed cluster). */
  addNode: readonly Step[];
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
  /**
   * Refuses a target that must not reach a node (plan and nodes, with field errors); called by
   * every entry into a run — start (dry or wet), retry, reset — before anything is sent.
   * `dryRun` is true only for a dry run (nothing reaches a node), which may show more than a
   * wet run may do (an HA plan, whose install steps do not exist yet).
   */
  check?(target: InstallTarget, opts?: { dryRun: boolean }): void;
  /**
   * Takes the project's run lock for a run that changes machines or the recorded state (one run
   * per project across processes and faces, main/store/runLock.ts); throws `run_in_progress`
   * naming the holder. Undefined when there is nothing to lock (a project without a file).
   */
  lock?(run: { kind: string }): HeldLock | undefined | Promise<HeldLock | undefined>;
  logSink?: LogSink;
  concurrency?: number;
  dayTwo?: DayTwoDeps;
}

/** A run lock as the service holds it. */
export interface HeldLock {
  setRunId(runId: string): void;
  /** Idempotent: called when run-finished is heard and again when the run's promise settles. */
  release(): void;
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
   * The operation (common/catalog/operations.ts), recorded as RunState.kind; absent: the
   * install. A saved unfinished run is resumed only by a start of its own operation, and for a
   * day-2 one only over the same selection; otherwise the start is a new run (over a selection,
   * added to the record).
   */
  kind?: OperationId;
  /** The operation's validated parameters (main/operations/<id>.ts), handed to steps as ctx.params. */
  params?: unknown;
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
  lock?: HeldLock;
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
        // Free for the next run as soon as this one is heard finished, in this process or another.
        this.active.lock?.release();
        this.active = undefined;
      }
      emit(event);
    };
  }

  async start(req: StartRequest): Promise<Started> {
    const { remoteFor, target } = this.need();
    const steps = this.stepsOf(req.kind ?? 'install');
    const lock = req.dryRun ? undefined : await this.takeLock(req.kind ?? 'install');
    try {
      return await this.startLocked(req, steps, remoteFor, target, lock);
    } catch (err) {
      lock?.release();
      throw err;
    }
  }

  private async startLocked(
    req: StartRequest,
    steps: InstallDeps['steps'],
    remoteFor: InstallDeps['remoteFor'],
    target: InstallDeps['target'],
    lock: HeldLock | undefined,
  ): Promise<Started> {
    const t = await target();
    const plan = req.plan === undefined ? t.plan : this.parsePlan(req.plan);
    this.deps.check?.({ nodes: t.nodes, plan }, { dryRun: req.dryRun === true });
    const base = {
      steps,
      nodes: t.nodes,
      plan,
      params: req.params,
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
    return this.launch(
      {
        ...base,
        kind: req.kind,
        select: resume && !hasSelect ? undefined : base.select,
        state: resume,
        // A new run over some nodes (machines joining) adds to the record; it never replaces it.
        record: !resume && hasSelect ? saved : undefined,
      },
      undefined,
      lock,
    );
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
    if (runOperation(saved) !== 'install') {
      // Its steps are the CLI command's, not this install's: only that command can go on with it.
      throw new AppError({
        code: 'invalid_state',
        message: `the recorded run is \`kubelab ${operationInfo(runOperation(saved)).cli}\`'s; run it again to resume it`,
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
    this.deps.check?.(t);
    const lock = await this.takeLock('retry');
    return this.launchOrRelease(
      {
        steps,
        nodes: t.nodes,
        plan: t.plan,
        remoteFor,
        state: saved,
        retry: { stepId, nodeId },
        concurrency: this.deps.concurrency,
        emit: this.emit,
        logSink: this.deps.logSink,
      },
      undefined,
      lock,
    );
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
    // It rewrites the recorded run: not while another process runs on it.
    const lock = await this.takeLock('skip');
    try {
      const saved = await stateStore.load();
      const task = saved?.tasks.find((x) => x.stepId === stepId && x.nodeId === nodeId);
      if (!saved || !task) throw notFound(stepId, nodeId);
      task.status = 'skipped';
      task.skipReason = 'user';
      task.finishedAt = new Date().toISOString();
      delete task.error;
      await stateStore.save(saved);
      return saved;
    } finally {
      lock?.release();
    }
  }

  /**
   * Day 2: `kubelab reset [--node]` through the same engine and event stream. Refused unless
   * `confirm` is the plan's cluster name. The reset run's own state is kept in memory (the CLI's
   * `kubelab reset` records its run in the project instead, RunState.kind reset-node or
   * reset-cluster), so it never
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
    this.deps.check?.(t);
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
      kind: node ? 'reset-node' : 'reset-cluster',
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
    const lock = await this.takeLock('reset');
    const started = this.launchOrRelease(opts, run, lock);
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
    const lock = await this.takeLock('reset');
    return this.launchOrRelease({ ...last.opts, state, retry: { stepId, nodeId } }, last.run, lock);
  }

  private isDayTwoStep(stepId: string): boolean {
    const d = this.deps.dayTwo;
    return !!d && [...d.resetNode, ...d.resetCluster].some((s) => s.id === stepId);
  }

  /**
   * The step list of a start's operation: add-node's from the day-2 lists where the back end has
   * them (the contract); otherwise the list this service was built with (the CLI's session is
   * built with the list of the one operation it runs).
   */
  private stepsOf(operation: OperationId): readonly Step[] {
    const addNode = this.deps.dayTwo?.addNode;
    if (operation === 'add-node' && addNode) return addNode;
    return this.need().steps;
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

  /** This back end's own run first (the clearer message), then the project's lock. */
  private async takeLock(kind: string): Promise<HeldLock | undefined> {
    this.idle();
    return this.deps.lock?.({ kind });
  }

  private launchOrRelease(
    opts: Parameters<typeof runInstall>[0],
    day2: DayTwoRun | undefined,
    lock: HeldLock | undefined,
  ): Started {
    try {
      return this.launch(opts, day2, lock);
    } catch (err) {
      lock?.release();
      throw err;
    }
  }

  /** Starts the run; `lock` (held by the caller) is released when the run ends, however. */
  private launch(
    opts: Parameters<typeof runInstall>[0],
    day2?: DayTwoRun,
    lock?: HeldLock,
  ): Started {
    this.idle();
    // Once the install runs again, the last reset is history: its cells are not retried.
    if (!day2) this.lastDayTwo = undefined;
    const abort = new AbortController();
    const runId = opts.state?.runId ?? opts.runId ?? newRunId();
    const store = day2?.store ?? this.need().stateStore;
    const run = (emit: ((e: RunEvent) => void) | undefined): Promise<RunResult> =>
      runInstall({ ...opts, emit, runId, signal: abort.signal, saveState: (s) => store.save(s) });
    lock?.setRunId(runId);
    const done = day2 ? this.runDayTwo(runId, day2, run) : run(opts.emit);
    const release = (): void => lock?.release();
    done.then(release, release);
    const active: Active = { runId, abort, done, lock };
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
