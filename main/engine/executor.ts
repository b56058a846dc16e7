import { AppError } from '../../common/model/appError';
import { runDetached } from './detached';
import { exitError, isTerminal, stepError } from './errors';
import { LineRedactor } from './redact';
import { backoffDelay, sleep } from './sleep';
import type { ScriptSpec, StepContext } from './step';
import type { TaskRuntime } from './taskRuntime';

export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_BACKOFF_MS = 1000;

type Phase = 'check' | 'apply' | 'verify';

class TimeoutError extends Error {}

/**
 * Runs one task to a final status: check → apply → verify → outputs, with the step's timeout per
 * attempt and its retries with backoff. A detached run left in flight (dropped link, crash, cancel)
 * is re-attached instead of started again. The run's cancel ends the task as `cancelled`.
 */
export async function runTask(rt: TaskRuntime): Promise<void> {
  const { step } = rt.task;
  const retries = step.retries ?? 0;
  for (let tryNo = 0; ; tryNo++) {
    const d = rt.state.detached;
    const reattach = d !== undefined && d.exitCode === undefined;
    const attempt = reattach ? d.attempt : rt.state.attempts + 1;
    rt.state.attempts = Math.max(rt.state.attempts, attempt);
    const started = Date.now();
    // What this attempt runs is rendered from the current plan; a re-attached run keeps what it
    // was started from.
    if (!reattach) setFingerprint(rt, await rt.fingerprint());
    await rt.transition('running');
    const phase: { at: Phase } = { at: reattach ? 'apply' : 'check' };
    try {
      const outcome = await withTimeout(rt, (signal) =>
        attemptOnce(rt, attempt, reattach, phase, signal),
      );
      if (reattach && rt.state.fingerprint !== (await rt.fingerprint())) {
        // It ran to its end as it was started, from an older plan or node: not a retry, but the
        // current plan's check has to decide whether the node matches before it counts as done.
        rt.log(
          'engine',
          `[kubelab] ${step.id} was started before the plan or the nodes changed; checking it again\n`,
        );
        tryNo--;
        continue;
      }
      await rt.transition(outcome, { durationMs: Date.now() - started });
      return;
    } catch (err) {
      const durationMs = Date.now() - started;
      if (rt.runSignal.aborted) {
        await rt.transition('cancelled', { durationMs });
        return;
      }
      const error =
        err instanceof TimeoutError ? timeoutError(rt) : stepError(err, step.id, rt.task.node);
      const inFlight = rt.state.detached?.exitCode === undefined && rt.state.detached?.started;
      const safe = phase.at === 'check' || step.retrySafe !== false;
      if (tryNo >= retries || !safe || inFlight || isTerminal(error)) {
        await rt.transition('failed', { error: error.toData(), durationMs });
        return;
      }
      const wait = backoffDelay(step.backoffMs ?? DEFAULT_BACKOFF_MS, tryNo + 1);
      rt.log(
        'engine',
        `[kubelab] attempt ${attempt} failed: ${error.message}; retrying in ${wait} ms\n`,
      );
      try {
        await sleep(wait, rt.runSignal);
      } catch {
        await rt.transition('cancelled', { durationMs });
        return;
      }
    }
  }
}

function setFingerprint(rt: TaskRuntime, fingerprint: string | undefined): void {
  if (fingerprint === undefined) delete rt.state.fingerprint;
  else rt.state.fingerprint = fingerprint;
}

async function attemptOnce(
  rt: TaskRuntime,
  attempt: number,
  reattach: boolean,
  phase: { at: Phase },
  signal: AbortSignal,
): Promise<'done' | 'already-done'> {
  const { step } = rt.task;
  const ctx = await rt.context(signal);
  if (!reattach) {
    const check = step.check ? await step.check(ctx) : 'needed';
    if (check === 'done') {
      await collect(rt, ctx);
      return 'already-done';
    }
    phase.at = 'apply';
    const spec = await step.apply(ctx);
    if (spec.detached) await runDetached(rt, attempt, async () => spec, signal);
    else await runExec(rt, ctx, spec, signal);
  } else {
    await runDetached(rt, attempt, async () => step.apply(ctx), signal);
  }
  phase.at = 'verify';
  if (step.verify) await step.verify(ctx);
  await collect(rt, ctx);
  return 'done';
}

async function runExec(
  rt: TaskRuntime,
  ctx: StepContext,
  spec: ScriptSpec,
  signal: AbortSignal,
): Promise<void> {
  const out = new LineRedactor();
  const err = new LineRedactor();
  let stderr = '';
  const res = await ctx.remote
    .exec(spec.script, {
      env: spec.env,
      root: spec.root ?? true,
      signal,
      onStdout: (c) => emit(rt, 'stdout', out.push(c)),
      onStderr: (c) => {
        stderr = (stderr + c).slice(-4096);
        emit(rt, 'stderr', err.push(c));
      },
    })
    .finally(() => {
      emit(rt, 'stdout', out.flush());
      emit(rt, 'stderr', err.flush());
    });
  if (res.code !== 0) {
    throw exitError(
      rt.task.step.id,
      rt.task.node,
      res.code,
      tailOf(stderr || res.stderr || res.stdout),
    );
  }
}

function emit(rt: TaskRuntime, stream: 'stdout' | 'stderr', text: string): void {
  if (text) rt.log(stream, text);
}

function tailOf(text: string): string {
  return text.trimEnd().split('\n').slice(-5).join('\n');
}

async function collect(rt: TaskRuntime, ctx: StepContext): Promise<void> {
  if (rt.task.step.outputs) rt.setOutputs(await rt.task.step.outputs(ctx));
}

/** Runs `fn` with a signal that aborts on the run's cancel or the step's timeout. */
async function withTimeout<T>(
  rt: TaskRuntime,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const attempt = rt.attempt(rt.task.step.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    // The step's promise may ignore the signal; the race makes the timeout hold regardless.
    return await attempt.race(fn(attempt.signal));
  } catch (err) {
    if (attempt.timedOut && !rt.runSignal.aborted) throw new TimeoutError('timeout');
    throw err;
  } finally {
    attempt.end();
  }
}

function timeoutError(rt: TaskRuntime): AppError {
  const ms = rt.task.step.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new AppError({
    code: 'step_timeout',
    message: `${rt.task.step.id} on ${rt.task.node.name} timed out after ${formatMs(ms)}`,
    nodeId: rt.task.node.id,
    stepId: rt.task.step.id,
  });
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
