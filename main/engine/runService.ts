import { operationInfo, type OperationId } from '../../common/catalog/operations';
import { AppError } from '../../common/model/appError';
import type { NodeSpec } from '../../common/model/node';
import type { RunEvent, RunResult, RunState, TaskState } from '../../common/model/runEvent';
import { runOperation } from '../../common/model/runEvent';
import type { TaskLog } from '../../common/contracts/install';
import type { LogSink } from './logSink';
import type { Remote } from './remote';
import { redact } from './redact';
import { continuesRun, newRunId } from './resume';
import { runInstall, type RunOptions } from './runner';
import type {
  PreludeReport,
  RunHost,
  RunRecordStore,
  RunTarget,
  RunnableOperation,
} from './runnable';
import { recordedRuns, runWithCell, unfinishedRun, type RunStateStore } from './runRecordsLookup';
import { readTaskLog } from './taskLog';

export type { RunStateStore } from './runRecordsLookup';

/** A run lock as the service holds it (main/store/runLock.ts). */
export interface HeldLock {
  setRunId(runId: string): void;
  /** Idempotent: called when run-finished is heard and again when the run's promise settles. */
  release(): void;
}

/**
 * What the run service needs from the rest of the back end. Each is plugged in by its owner
 * (operations, SSH, project file); a missing one makes the calls fail with `not_configured`.
 */
export interface RunServiceDeps {
  /** The operations that are built, by id (main/operations/index.ts). */
  operations: Partial<Record<OperationId, RunnableOperation>>;
  remoteFor(node: NodeSpec): Remote | Promise<Remote>;
  /** The cluster's record: the project's run section (install, add-node). */
  clusterRecord: RunStateStore;
  /** Every other operation's runs, each recorded on its own beside the project. */
  records: RunRecordStore;
  target(): Promise<RunTarget>;
  /** Validates a plan passed to a start (the plan schema's parse). */
  parsePlan?(raw: unknown): unknown;
  /**
   * Refuses a target that must not reach a node (field errors), before anything is sent.
   * `dryRun`: nothing reaches a node, which may show more than a wet run may do.
   */
  check?(target: RunTarget, opts?: { dryRun: boolean }): void;
  /** Takes the project's run lock (one run per project across processes and faces). */
  lock?(run: { kind: string }): HeldLock | undefined | Promise<HeldLock | undefined>;
  logSink?: LogSink;
  concurrency?: number;
  /** The project file, for an operation's own work beside it (RunHost). */
  projectFile?(): string | undefined;
  /** Changes the project's plan and saves it, for an operation's work after success (RunHost). */
  updatePlan?(change: (plan: unknown) => unknown): Promise<void>;
}

export interface RunStartRequest {
  operation: OperationId;
  /** The operation's parameters, validated by its schema (errors name `params.<field>`). */
  params?: unknown;
  dryRun?: boolean;
  /** In a dry run, run the read-only checks to show what is already done. */
  probe?: boolean;
  /** Start a new run even if an unfinished one of the same operation and params is recorded. */
  fresh?: boolean;
  concurrency?: number;
  /** For a destructive operation: the cluster name, as the user typed it. */
  confirm?: string;
  /** A plan to use instead of the project's (validated by the plan's own schema). */
  plan?: unknown;
  /** Only these steps / nodes (default: the operation's). */
  steps?: string[];
  nodes?: string[];
}

export interface CellRef {
  stepId: string;
  nodeId: string;
  /** The run the cell is in; default: the newest recorded run that has it. */
  runId?: string;
}

export interface Started {
  runId: string;
  dryRun: boolean;
  resumed: boolean;
  result?: RunResult;
}

interface Launch {
  def: RunnableOperation;
  params: unknown;
  target: RunTarget;
  opts: RunOptions;
  save(state: RunState): Promise<void>;
  /** The record's journal, when its store keeps one (RunRecordStore.append). */
  append?(runId: string, tasks: readonly TaskState[]): Promise<void>;
  /** What the operation's work before a new run reported, logged once it has started. */
  before?: PreludeReport;
}

interface Active {
  runId: string;
  lock?: HeldLock;
  abort: AbortController;
}

/**
 * Every cluster operation's runs, whatever face starts them: start (or resume), retry and skip
 * a cell of any recorded run, cancel, state, logs. One wet run at a time; dry runs alongside.
 * Operations are data (RunnableOperation): this service knows none of them by name.
 */
export class RunService {
  private active: Active | undefined;
  private last: Promise<RunResult> | undefined;
  private readonly emit: (event: RunEvent) => void;

  constructor(
    private readonly deps: Partial<RunServiceDeps>,
    emit: (event: RunEvent) => void,
  ) {
    // The run is over for callers as soon as they hear run-finished: they may start the next.
    this.emit = (event) => {
      if (event.type === 'run-finished' && this.active?.runId === event.runId) {
        this.active.lock?.release();
        this.active = undefined;
      }
      emit(event);
    };
  }

  async start(req: RunStartRequest): Promise<Started> {
    const def = this.operation(req.operation);
    // The lock first: the project is then read as its last holder left it (another process).
    const lock = req.dryRun ? undefined : await this.takeLock(def.id);
    try {
      return await this.startLocked(req, def, lock);
    } catch (err) {
      lock?.release();
      throw err;
    }
  }

  private async startLocked(
    req: RunStartRequest,
    def: RunnableOperation,
    lock: HeldLock | undefined,
  ): Promise<Started> {
    const d = this.need();
    const t = await d.target();
    const plan = req.plan === undefined ? t.plan : this.parsePlan(req.plan);
    const target: RunTarget = { nodes: t.nodes, plan };
    // The project first: a plan that must not reach a node is the first thing to fix.
    d.check?.(target, { dryRun: req.dryRun === true });
    const parsed = parseParams(def, req.params);
    const params = def.resolve ? def.resolve(parsed, target, this.host()) : parsed;
    const select = {
      steps: req.steps,
      nodes: req.nodes ?? def.nodes?.(params, target)?.slice(),
    };
    const base: RunOptions = {
      steps: def.steps(params, target),
      nodes: target.nodes,
      plan,
      params,
      kind: def.id,
      remoteFor: d.remoteFor,
      select: select.steps || select.nodes ? select : undefined,
      concurrency: req.concurrency ?? def.concurrency ?? d.concurrency,
      logSink: d.logSink,
    };
    if (req.dryRun) {
      const result = await runInstall({
        ...base,
        emit: this.emit,
        dryRun: true,
        probe: !!req.probe,
      });
      return { runId: result.runId, dryRun: true, resumed: false, result };
    }
    confirmDestructive(def.id, plan, req.confirm);
    const launch = await this.prepareStart(def, params, target, base, req.fresh === true);
    if (!launch.opts.state) launch.before = await def.beforeRun?.(params, target, this.host());
    return this.launch(launch, lock);
  }

  /** The recorded run a start goes on with, or a new one (over some machines: added to the record). */
  private async prepareStart(
    def: RunnableOperation,
    params: unknown,
    target: RunTarget,
    base: RunOptions,
    fresh: boolean,
  ): Promise<Launch> {
    const d = this.need();
    const select = base.select;
    if (def.record === 'cluster') {
      const saved = await d.clusterRecord.load();
      const resume =
        !fresh &&
        saved &&
        saved.outcome !== 'succeeded' &&
        continuesRun(saved, { kind: def.id, ...select })
          ? saved
          : undefined;
      const opts: RunOptions = {
        ...base,
        // A resume without a selection of its own runs the one it recorded.
        select: resume && !select ? undefined : select,
        state: resume,
        record: !resume && select ? saved : undefined,
      };
      return {
        def,
        params,
        target,
        opts,
        save: (s) => d.clusterRecord.save(s),
        append: d.clusterRecord.append?.bind(d.clusterRecord),
      };
    }
    const resume = fresh
      ? undefined
      : await unfinishedRun(d.records, { operation: def.id, params, nodes: select?.nodes });
    const opts: RunOptions = { ...base, state: resume, select: resume ? undefined : select };
    return {
      def,
      params,
      target,
      opts,
      save: (s) => d.records.save(s),
      append: d.records.append?.bind(d.records),
    };
  }

  /** Tries a failed cell of any recorded run again, with its dependants, as its operation. */
  async retry(cell: CellRef): Promise<Started> {
    const d = this.need();
    this.idle();
    const found = await runWithCell(d.clusterRecord, d.records, cell);
    const task = found?.state.tasks.find(
      (x) => x.stepId === cell.stepId && x.nodeId === cell.nodeId,
    );
    if (!found || !task) throw notFound(cell);
    if (task.status === 'done' || task.status === 'already-done') {
      throw new AppError({
        code: 'invalid_state',
        message: `${cell.stepId} on ${cell.nodeId} is ${task.status}; nothing to retry`,
        nodeId: cell.nodeId,
        stepId: cell.stepId,
      });
    }
    const def = this.operation(runOperation(found.state));
    const params = parseParams(def, found.state.params);
    const t = await d.target();
    d.check?.(t);
    const opts: RunOptions = {
      steps: def.steps(params, t),
      nodes: t.nodes,
      plan: t.plan,
      params,
      kind: def.id,
      remoteFor: d.remoteFor,
      state: found.state,
      retry: { stepId: cell.stepId, nodeId: cell.nodeId },
      concurrency: def.concurrency ?? d.concurrency,
      logSink: d.logSink,
    };
    const lock = await this.takeLock('retry');
    try {
      const { save, append } = found;
      return this.launch({ def, params, target: t, opts, save, append }, lock);
    } catch (err) {
      lock?.release();
      throw err;
    }
  }

  /** Marks a cell of any recorded run skipped by the user: it counts as done for its dependants. */
  async skip(cell: CellRef): Promise<RunState> {
    const d = this.need();
    // It rewrites a recorded run: not while another process runs on it.
    const lock = await this.takeLock('skip');
    try {
      const found = await runWithCell(d.clusterRecord, d.records, cell);
      const task = found?.state.tasks.find(
        (x) => x.stepId === cell.stepId && x.nodeId === cell.nodeId,
      );
      if (!found || !task) throw notFound(cell);
      task.status = 'skipped';
      task.skipReason = 'user';
      task.finishedAt = new Date().toISOString();
      delete task.error;
      await found.save(found.state);
      return found.state;
    } finally {
      lock?.release();
    }
  }

  cancel(): { cancelled: boolean } {
    if (!this.active) return { cancelled: false };
    this.active.abort.abort(new AppError({ code: 'cancelled', message: 'cancelled by the user' }));
    return { cancelled: true };
  }

  /**
   * The cluster's record (`state`) and the newest recorded run of any operation (`latest`, which
   * is the cluster's record when that is the newest): what a face shows after a restart.
   */
  async state(): Promise<{ active: boolean; state: RunState | null; latest: RunState | null }> {
    const cluster = (await this.deps.clusterRecord?.load()) ?? null;
    const records = this.deps.records;
    const runs =
      records && this.deps.clusterRecord
        ? await recordedRuns(this.deps.clusterRecord, records)
        : [];
    return { active: this.active !== undefined, state: cluster, latest: runs[0]?.state ?? cluster };
  }

  /** A task's log from the log files: the active run's, the newest recorded runs', else older. */
  async log(stepId: string, nodeId: string, maxBytes: number): Promise<TaskLog> {
    const { clusterRecord, records } = this.deps;
    const runs = clusterRecord && records ? await recordedRuns(clusterRecord, records) : [];
    const preferred = [this.active?.runId, ...runs.map((r) => r.state.runId)];
    return readTaskLog(this.deps.logSink, preferred, nodeId, stepId, maxBytes);
  }

  /** The result of the current or last wet run (the CLI waits on this). */
  wait(): Promise<RunResult | undefined> {
    return this.last ?? Promise.resolve(undefined);
  }

  /** Starts the run; `lock` (held by the caller) is released when the run ends, however. */
  private launch(l: Launch, lock: HeldLock | undefined): Started {
    this.idle();
    const abort = new AbortController();
    const runId = l.opts.state?.runId ?? newRunId();
    lock?.setRunId(runId);
    this.active = { runId, abort, lock };
    const done = this.run(runId, l, abort.signal);
    this.last = done;
    const settle = (): void => {
      lock?.release();
      if (this.active?.runId === runId) this.active = undefined;
    };
    done.then(settle, (err: unknown) => {
      settle();
      const message = err instanceof Error ? err.message : String(err);
      this.emit(engineLog(runId, '', '', `[kubelab] the run stopped: ${message}\n`));
    });
    return { runId, dryRun: false, resumed: l.opts.state !== undefined };
  }

  /**
   * The run itself: the operation's prelude first (its report logged once the run has started),
   * then the steps; what follows a success (the cluster's record updated) is done before
   * run-finished is heard, so a caller reading the state on run-finished sees it.
   */
  private async run(runId: string, l: Launch, signal: AbortSignal): Promise<RunResult> {
    const d = this.need();
    const prelude = (await l.def.prelude?.(l.params, l.target, d.remoteFor)) ?? l.before;
    let finished: RunEvent | undefined;
    const emit = (event: RunEvent): void => {
      if (event.runId === runId && event.type === 'run-finished') {
        finished = event;
        return;
      }
      this.emit(event);
      if (event.runId === runId && event.type === 'run-started' && prelude) {
        this.emit(engineLog(runId, prelude.nodeId, prelude.stepId, prelude.text));
      }
    };
    try {
      const result = await runInstall({
        ...l.opts,
        runId,
        emit,
        signal,
        saveState: l.save,
        appendState: l.append,
      });
      const leaving =
        result.outcome === 'succeeded' ? l.def.leaves?.(l.params, l.target) : undefined;
      if (leaving) await forgetMachines(d.clusterRecord, leaving === 'all' ? undefined : leaving);
      if (result.outcome === 'succeeded')
        await l.def.afterSuccess?.(l.params, l.target, this.host());
      return result;
    } finally {
      if (finished) this.emit(finished);
    }
  }

  private operation(id: OperationId): RunnableOperation {
    const def = this.need().operations[id];
    if (!def) {
      throw new AppError({
        code: 'not_built',
        message: `${operationInfo(id).title.en} (${id}) is not built yet: kubelab cannot run it`,
        field: 'operation',
      });
    }
    return def;
  }

  /** This back end's own run first (the clearer message), then the project's lock. */
  private async takeLock(kind: string): Promise<HeldLock | undefined> {
    this.idle();
    return this.deps.lock?.({ kind });
  }

  private idle(): void {
    if (this.active) {
      throw new AppError({
        code: 'run_in_progress',
        message: `run ${this.active.runId} is still running; cancel it or wait for it to finish`,
      });
    }
  }

  /** What an operation's own work on this computer may use. */
  private host(): RunHost {
    const d = this.need();
    return {
      projectFile: d.projectFile?.(),
      remoteFor: d.remoteFor,
      updatePlan: async (change) => {
        if (!d.updatePlan) throw notConfigured('a project to record the plan in');
        await d.updatePlan(change);
      },
    };
  }

  private parsePlan(raw: unknown): unknown {
    if (!this.deps.parsePlan) throw notConfigured('a plan parser');
    return this.deps.parsePlan(raw);
  }

  private need(): RunServiceDeps {
    const d = this.deps;
    if (!d.operations) throw notConfigured('the operations');
    if (!d.remoteFor) throw notConfigured('node connections');
    if (!d.clusterRecord || !d.records) throw notConfigured('a run-state store');
    if (!d.target) throw notConfigured('a project (nodes and plan)');
    return {
      ...d,
      operations: d.operations,
      remoteFor: d.remoteFor,
      clusterRecord: d.clusterRecord,
      records: d.records,
      target: d.target,
    };
  }
}

/** The operation's parameters, validated; a bad one names `params.<field>`, nothing is sent. */
function parseParams(def: RunnableOperation, raw: unknown): unknown {
  const parsed = def.params.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const path = first?.path.map(String).join('.');
  throw new AppError({
    code: 'invalid_payload',
    message: `${def.id} params: ${parsed.error.issues
      .map((i) => `${['params', ...i.path.map(String)].join('.')}: ${i.message}`)
      .join('; ')}`,
    field: path ? `params.${path}` : 'params',
  });
}

/** A destructive operation runs only when `confirm` is the plan's cluster name. */
function confirmDestructive(id: OperationId, plan: unknown, confirm: string | undefined): void {
  if (operationInfo(id).confirm !== 'destructive') return;
  const name = clusterNameOf(plan);
  if (name !== undefined && confirm === name) return;
  throw new AppError({
    code: 'not_confirmed',
    message:
      name === undefined
        ? `the plan has no cluster name to confirm ${id} with`
        : `type the cluster name "${name}" to confirm ${id}`,
    field: 'confirm',
  });
}

/** Drops machines' tasks (every task, without a list) from the cluster's record. */
async function forgetMachines(
  store: RunStateStore,
  nodeIds: readonly string[] | undefined,
): Promise<void> {
  const saved = await store.load();
  if (!saved) return;
  const tasks = nodeIds === undefined ? [] : saved.tasks.filter((x) => !nodeIds.includes(x.nodeId));
  if (tasks.length === saved.tasks.length && nodeIds !== undefined) return;
  if (tasks.length > 0) await store.save({ ...saved, tasks });
  else if (store.clear) await store.clear();
  else await store.save({ ...saved, tasks: [] });
}

function engineLog(runId: string, nodeId: string, stepId: string, text: string): RunEvent {
  const time = new Date().toISOString();
  return { type: 'log', runId, time, nodeId, stepId, stream: 'engine', chunk: redact(text) };
}

function clusterNameOf(plan: unknown): string | undefined {
  if (typeof plan !== 'object' || plan === null || !('clusterName' in plan)) return undefined;
  return typeof plan.clusterName === 'string' ? plan.clusterName : undefined;
}

function notConfigured(what: string): AppError {
  return new AppError({ code: 'not_configured', message: `runs: ${what} is not configured` });
}

function notFound(cell: CellRef): AppError {
  return new AppError({
    code: 'not_found',
    message: `no recorded task ${cell.stepId} on ${cell.nodeId}`,
    nodeId: cell.nodeId,
    stepId: cell.stepId,
  });
}
