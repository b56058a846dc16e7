import type { OperationId } from '../../common/catalog/operations';
import type { AppErrorData } from '../../common/model/appError';
import type { NodeSpec } from '../../common/model/node';
import type {
  Recheck,
  RunEvent,
  RunResult,
  RunState,
  TaskState,
  TaskDiagnosis,
  TaskStatus,
} from '../../common/model/runEvent';
import { AttemptGuard } from './attemptGuard';
import { isoNow } from './clock';
import { diagnoseFailure, type Diagnose } from './diagnose';
import { runTask } from './executor';
import { buildGraph, type Task } from './graph';
import { nullLogSink, type LogSink } from './logSink';
import { OutputResolver } from './outputs';
import type { Remote } from './remote';
import { refusingRemote, renderPlan } from './render';
import { RunLog } from './runLog';
import { summarise } from './results';
import { TaskQueue } from './taskQueue';
import { Fingerprints, fingerprintTasks } from './fingerprint';
import { keepRecorded, newRunId, prepareState, satisfied } from './resume';
import { StateWriter, type AppendState, type SaveState } from './stateWriter';
import type { Step, StepContext, StepOutputs } from './step';
import type { TaskRuntime } from './taskRuntime';

export interface RunOptions {
  steps: readonly Step[];
  nodes: readonly NodeSpec[];
  plan: unknown;
  /** The operation's parameters, handed to every step as ctx.params (and fingerprinted). */
  params?: unknown;
  remoteFor(node: NodeSpec): Remote | Promise<Remote>;
  /** Only these steps / nodes (dependencies outside the selection count as satisfied). */
  select?: { steps?: readonly string[]; nodes?: readonly string[] };
  /** A saved state to resume (its runId is kept). */
  state?: RunState;
  /**
   * Without `state`, for a run over a selection: the project's recorded run, whose tasks outside
   * the selection are kept in the saved state (a join of new machines keeps the others' record).
   */
  record?: RunState;
  runId?: string;
  /** The operation this run is, recorded as RunState.kind and sent with run-started; default install. */
  kind?: OperationId;
  /** With `state`: try this failed task again (and its dependants); other failures stay. */
  retry?: { stepId: string; nodeId: string };
  /** Render every task's script and env without running anything. */
  dryRun?: boolean;
  /** In a dry run, run the read-only checks on the nodes to say what is already done. */
  probe?: boolean;
  /** Nodes working at once. Default 10. */
  concurrency?: number;
  signal?: AbortSignal;
  saveState?: SaveState;
  /** Appends changed tasks to the record saved by saveState (its journal); absent: whole saves. */
  appendState?: AppendState;
  emit?: (event: RunEvent) => void;
  logSink?: LogSink;
  /** Re-attach attempts after a dropped link while following a detached run. */
  reattach?: { limit: number; backoffMs: number };
  /**
   * Classifies a failed task (its output tail, the node's kubelet/runtime journals); the top
   * diagnosis goes on the task and its `failed` event. Default: diagnoseFailure; false: none.
   */
  diagnose?: Diagnose | false;
}

const now = isoNow;

/** The line a finished task that runs again on resume gets in its log (per reason). */
const RECHECK_REASON: Record<keyof Recheck, string> = {
  changed:
    'finished before, but the plan or the nodes now render it differently: checking it again',
  unrecorded:
    'finished before, but the run did not record what it was rendered from: checking it again',
  dependants: 'finished before, but a step it depends on runs again: checking it again',
};

/**
 * Runs steps × nodes as a graph: nodes in parallel up to `concurrency`, each node's steps in
 * order, cross-node dependencies honoured. A failure stops only its dependants; every node's
 * result is recorded and the errors are aggregated. State is saved after every transition.
 */
export async function runInstall(opts: RunOptions): Promise<RunResult> {
  const select = opts.select ?? opts.state?.select;
  const tasks = buildGraph(opts.steps, opts.nodes, opts.plan, select);
  const runId = opts.state?.runId ?? opts.runId ?? newRunId();
  const signal = opts.signal ?? new AbortController().signal;
  const emit = (e: RunEvent): void => {
    try {
      opts.emit?.(e);
    } catch {
      // A listener's bug must not stop an install half-way.
    }
  };
  // What every task renders to now: recorded as tasks start, compared on resume. A resume needs
  // them before it starts; a new run makes each as its task starts (Fingerprints).
  const prints = new Fingerprints({
    runId,
    plan: opts.plan,
    params: opts.params,
    nodes: opts.nodes,
  });
  const fingerprints =
    opts.dryRun || !opts.state
      ? new Map<string, string | undefined>()
      : await fingerprintTasks(tasks, prints);
  const { state, byKey, recheck, rechecked } = opts.dryRun
    ? prepareState(tasks, undefined, runId)
    : prepareState(tasks, opts.state, runId, opts.retry, fingerprints);
  if (opts.record && select && !opts.state && !opts.dryRun)
    keepRecorded(
      state,
      byKey,
      opts.record,
      select,
      opts.nodes.map((n) => n.id),
    );
  if (opts.kind !== undefined && !opts.dryRun) state.kind = opts.kind;
  if (opts.params !== undefined && !opts.dryRun) state.params = opts.params;
  if (select)
    state.select = {
      ...select,
      steps: select.steps && [...select.steps],
      nodes: select.nodes && [...select.nodes],
    };
  const writer = new StateWriter(() => state, {
    save: opts.saveState ?? (async () => undefined),
    append: opts.appendState,
  });
  const memory = new Map<string, StepOutputs>();
  const remotes = new Map<string, Promise<Remote>>();
  const remote = (node: NodeSpec): Promise<Remote> => {
    let r = remotes.get(node.id);
    if (!r) {
      r = Promise.resolve(
        opts.dryRun && !opts.probe ? refusingRemote(node.id) : opts.remoteFor(node),
      );
      remotes.set(node.id, r);
      r.catch(() => remotes.delete(node.id));
    }
    return r;
  };
  const contextFor = async (
    node: NodeSpec,
    sig: AbortSignal,
    stepId = '',
    host: NodeSpec = node,
  ): Promise<StepContext> => ({
    runId,
    node,
    nodes: opts.nodes,
    plan: opts.plan,
    params: opts.params,
    remote: await remote(host),
    dryRun: opts.dryRun ?? false,
    signal: sig,
    outputsOf: (s, n) => resolver.get(s, node, n, sig),
    log: (line) => log(node.id, stepId, 'engine', `${line}\n`),
  });
  const resolver = new OutputResolver({
    steps: opts.steps,
    nodes: opts.nodes,
    plan: opts.plan,
    dryRun: opts.dryRun ?? false,
    memory,
    state: byKey,
    contextFor: (n, s, step) => contextFor(n, s, step.id, step.runsOn?.(n, opts.nodes) ?? n),
  });
  const runLog = new RunLog(runId, opts.logSink ?? nullLogSink, emit);
  const log = runLog.write.bind(runLog);
  // Not async, nor is `transition` below: each transition's promise is the writer's own (two
  // async wrappers per transition were a share of a 100-machine run's garbage, issue 15).
  const setStatus = (
    t: TaskState,
    status: TaskStatus,
    extra: {
      error?: AppErrorData;
      durationMs?: number;
      skipReason?: string;
      diagnosis?: TaskDiagnosis;
    } = {},
  ): Promise<void> => {
    // One clock reading for the task and its event: the same instant, read once per transition.
    const time = now();
    t.status = status;
    if (status === 'running') {
      t.startedAt = time;
      delete t.finishedAt;
      delete t.error;
      delete t.diagnosis;
    } else t.finishedAt = time;
    if (extra.error) t.error = extra.error;
    if (extra.diagnosis) t.diagnosis = extra.diagnosis;
    if (extra.skipReason) t.skipReason = extra.skipReason;
    emit({
      type: 'task-state',
      runId,
      time,
      nodeId: t.nodeId,
      stepId: t.stepId,
      status,
      attempt: t.attempts,
      ...extra,
    });
    return writer.request(t);
  };

  emit({
    type: 'run-started',
    operation: opts.kind ?? 'install',
    runId,
    time: now(),
    dryRun: opts.dryRun ?? false,
    resumed: !!opts.state,
    tasks: tasks.map((t) => stateOf(byKey, t)),
    ...(rechecked.size > 0 ? { recheck } : {}),
  });
  for (const task of tasks) {
    const why = rechecked.get(task.key);
    if (why) log(task.node.id, task.step.id, 'engine', `[kubelab] ${RECHECK_REASON[why]}\n`);
  }
  if (opts.dryRun) {
    const rendered = await renderPlan(tasks, {
      runId,
      probe: opts.probe ?? false,
      contextFor: (node, sig, stepId) => {
        const step = opts.steps.find((s) => s.id === stepId);
        return contextFor(node, sig, stepId, step?.runsOn?.(node, opts.nodes) ?? node);
      },
      signal,
      emit,
    });
    const result = summarise(runId, true, tasks, byKey, signal.aborted, rendered);
    emit({ type: 'run-finished', runId, time: now(), result });
    return result;
  }
  await writer.request();

  const diagnose = opts.diagnose === undefined ? diagnoseFailure : opts.diagnose;
  /** Never fails the run: a classifier or journal problem just leaves the task undiagnosed. */
  const diagnoseTask = async (task: Task, message: string): Promise<TaskDiagnosis | undefined> => {
    if (!diagnose) return undefined;
    const tail = runLog.tail(task.node.id, task.step.id);
    const output = tail.includes(message) ? tail : `${tail}${tail && '\n'}${message}`;
    return diagnose({
      journals: task.step.diagnosisJournals,
      output,
      plan: opts.plan,
      remote: () => remote(task.node),
      node: task.node,
      peers: opts.nodes
        .filter((n) => n.id !== task.node.id)
        .map((n) => ({ node: n, remote: () => remote(n) })),
    }).catch(() => undefined);
  };
  /** Where a task's scripts run: its own node unless the step names another (Step.runsOn). */
  const hostOf = (task: Task): NodeSpec => task.step.runsOn?.(task.node, opts.nodes) ?? task.node;
  const guard = new AttemptGuard(signal);
  const runtimeFor = (task: Task): TaskRuntime => ({
    task,
    fingerprint: () => prints.of(task),
    state: stateOf(byKey, task),
    runId,
    runSignal: signal,
    attempt: (ms) => guard.begin(ms),
    reattach: opts.reattach ?? { limit: 5, backoffMs: 1000 },
    remote: () => remote(hostOf(task)),
    context: (sig) => contextFor(task.node, sig, task.step.id, hostOf(task)),
    transition: (status, extra) => {
      if (status !== 'failed' || signal.aborted)
        return setStatus(stateOf(byKey, task), status, extra);
      return diagnoseTask(task, extra?.error?.message ?? '').then((diagnosis) =>
        setStatus(stateOf(byKey, task), status, diagnosis ? { ...extra, diagnosis } : extra),
      );
    },
    save: () => writer.request(stateOf(byKey, task)),
    saveSoon: () => writer.soon(stateOf(byKey, task)),
    log: (stream, text) => log(task.node.id, task.step.id, stream, text),
    logTail: () => runLog.tail(task.node.id, task.step.id),
    setOutputs: (o) => {
      memory.set(task.key, o);
      const secret = new Set(task.step.secretOutputs ?? []);
      stateOf(byKey, task).outputs = Object.fromEntries(
        Object.entries(o).filter(([k]) => !secret.has(k)),
      );
    },
  });

  const limit = Math.max(1, opts.concurrency ?? 10);
  const running = new Set<Promise<void>>();
  const started = new Set<string>();
  // A scheduling turn looks only at the tasks something changed for: at the start every pending
  // one, then a task's dependants when it ends (done, failed, skipped). The others would be
  // found neither ready nor blocked again; scanning them after every finished task made a turn
  // cost the size of the run (issue 15). Taken in graph order, as a scan from the first would.
  const queue = new TaskQueue();
  const dependants = new Map<string, number[]>();
  tasks.forEach((task, i) => {
    for (const dep of task.deps) {
      const list = dependants.get(dep);
      if (list) list.push(i);
      else dependants.set(dep, [i]);
    }
    if (stateOf(byKey, task).status === 'pending') queue.add(i);
  });
  const touchDependants = (task: Task): void => {
    for (const i of dependants.get(task.key) ?? []) queue.add(i);
  };
  // A task finished since the turn began (then turn again), and how to wake the wait for one:
  // one resolver, not Promise.race over every running task on each turn, whose cost (and the
  // reactions it leaves on long tasks) grows with the machines at work.
  let finished = false;
  let wake: (() => void) | undefined;
  for (;;) {
    finished = false;
    while (!signal.aborted && queue.size > 0 && running.size < limit) {
      const task = tasks[queue.take() ?? -1];
      if (!task || started.has(task.key)) continue;
      const t = stateOf(byKey, task);
      if (t.status !== 'pending') continue;
      const blocked = task.deps
        .map((k) => byKey.get(k))
        .find((d) => d && !satisfied(d) && isFinal(d.status));
      if (blocked) {
        await setStatus(t, 'skipped', {
          skipReason: `${blocked.stepId} on ${blocked.nodeId} ${blocked.status}`,
        });
        touchDependants(task);
        continue;
      }
      // Not ready yet: looked at again when one of its dependencies ends.
      if (!task.deps.every((k) => satisfied(stateOf(byKey, k)))) continue;
      started.add(task.key);
      const p: Promise<void> = runTask(runtimeFor(task))
        .catch(async (err: unknown) => {
          // runTask records its own failures; this is a bug in the engine itself.
          const message = err instanceof Error ? err.message : String(err);
          await setStatus(t, 'failed', {
            error: { code: 'internal', message, nodeId: t.nodeId, stepId: t.stepId },
          });
        })
        .finally(() => {
          running.delete(p);
          touchDependants(task);
          finished = true;
          wake?.();
        });
      running.add(p);
    }
    if (running.size === 0) break;
    if (!finished) await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
  guard.close();
  for (const task of tasks) {
    const t = stateOf(byKey, task);
    if (t.status === 'pending')
      await setStatus(
        t,
        signal.aborted ? 'cancelled' : 'skipped',
        signal.aborted ? {} : { skipReason: 'not reached' },
      );
  }
  const result = summarise(runId, false, tasks, byKey, signal.aborted);
  state.finishedAt = now();
  state.outcome = result.outcome;
  await writer.request();
  await writer.flush();
  await runLog.flush();
  emit({ type: 'run-finished', runId, time: now(), result });
  return result;
}

function isFinal(s: TaskStatus): boolean {
  return s !== 'pending' && s !== 'running';
}

function stateOf(byKey: Map<string, TaskState>, task: Task | string): TaskState {
  const key = typeof task === 'string' ? task : task.key;
  const t = byKey.get(key);
  if (!t) throw new Error(`no state for task ${key}`);
  return t;
}
