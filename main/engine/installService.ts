import { AppError } from '../../common/model/appError';
import type { NodeSpec } from '../../common/model/node';
import type { RunEvent, RunResult, RunState } from '../../common/model/runEvent';
import type { LogSink } from './logSink';
import type { Remote } from './remote';
import { redact } from './redact';
import { newRunId } from './resume';
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
}

export interface StartRequest {
  steps?: string[];
  nodes?: string[];
  dryRun?: boolean;
  probe?: boolean;
  concurrency?: number;
  fresh?: boolean;
  plan?: unknown;
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
    const resume = !req.fresh && saved && saved.outcome !== 'succeeded' ? saved : undefined;
    const hasSelect = req.steps !== undefined || req.nodes !== undefined;
    return this.launch({
      ...base,
      select: resume && !hasSelect ? undefined : base.select,
      state: resume,
    });
  }

  async retry(stepId: string, nodeId: string): Promise<Started> {
    const { steps, remoteFor, target, stateStore } = this.need();
    const saved = await stateStore.load();
    const task = saved?.tasks.find((x) => x.stepId === stepId && x.nodeId === nodeId);
    if (!saved || !task) throw notFound(stepId, nodeId);
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

  cancel(): { cancelled: boolean } {
    if (!this.active) return { cancelled: false };
    this.active.abort.abort(new AppError({ code: 'cancelled', message: 'cancelled by the user' }));
    return { cancelled: true };
  }

  async state(): Promise<{ active: boolean; state: RunState | null }> {
    const saved = await this.deps.stateStore?.load();
    return { active: this.active !== undefined, state: saved ?? null };
  }

  /** The result of the current or last wet run (the CLI waits on this). */
  wait(): Promise<RunResult | undefined> {
    return this.last ?? Promise.resolve(undefined);
  }

  private launch(opts: Parameters<typeof runInstall>[0]): Started {
    this.idle();
    const abort = new AbortController();
    const runId = opts.state?.runId ?? newRunId();
    const store = this.need().stateStore;
    const done = runInstall({
      ...opts,
      runId,
      signal: abort.signal,
      saveState: (s) => store.save(s),
    });
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
