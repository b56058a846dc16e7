import { AppError } from '../../common/model/appError';
import type { DetachedRef } from './remote';
import { ALREADY_STARTED, NO_SUCH_RUN, exitError, hasCode, isTransient, stepError } from './errors';
import { LineRedactor } from './redact';
import { sleep, backoffDelay } from './sleep';
import type { ScriptSpec } from './step';
import type { TaskRuntime } from './taskRuntime';

/** The node-side name of an attempt's run: /var/lib/kubelab/runs/<runId>/<stepId>.<attempt>/. */
export function detachedRef(runId: string, stepId: string, attempt: number): DetachedRef {
  return { runId, stepId: `${stepId}.${attempt}` };
}

/**
 * Runs (or re-attaches to) a detached apply. The state is saved *before* startDetached, so a
 * crash in between leaves `started: false` and the resume tries the same ref again, which the node
 * refuses if it did start (`already_started`): the script never runs twice. A dropped link while
 * following re-attaches at the last line boundary read, up to `reattach.limit` times.
 * `spec` is only computed when a start is still needed.
 */
export async function runDetached(
  rt: TaskRuntime,
  attempt: number,
  spec: () => Promise<ScriptSpec>,
  signal: AbortSignal,
): Promise<void> {
  const { task, state } = rt;
  const ref = detachedRef(rt.runId, task.step.id, attempt);
  if (!state.detached || state.detached.attempt !== attempt) {
    state.detached = { attempt, offset: 0, started: false };
    await rt.save();
  }
  const d = state.detached;
  const remote = await rt.remote();
  if (!d.started) {
    const s = await spec();
    try {
      await remote.startDetached(ref, s.script, s.env);
    } catch (err) {
      if (!hasCode(err, ALREADY_STARTED)) throw err;
      rt.log('engine', `[kubelab] ${ref.stepId} was already started on the node; following it\n`);
    }
    d.started = true;
    await rt.save();
  } else {
    rt.log('engine', `[kubelab] re-attaching to ${ref.stepId} at byte ${d.offset}\n`);
  }

  const redactor = new LineRedactor();
  let raw = d.offset;
  const onData = (chunk: string): void => {
    raw += Buffer.byteLength(chunk);
    const text = redactor.push(chunk);
    if (text) rt.log('stdout', text);
    d.offset = raw - redactor.pendingBytes;
    rt.saveSoon();
  };
  let exitCode: number | undefined;
  for (let drops = 0; ; drops++) {
    try {
      exitCode = (await remote.followDetached(ref, raw, onData, signal)).exitCode;
      break;
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      if (hasCode(err, NO_SUCH_RUN)) {
        // Nothing to re-attach to (node reinstalled, run dir gone): the next attempt may start anew.
        delete state.detached;
        await rt.save();
      }
      if (!isTransient(err) || drops >= rt.reattach.limit) {
        throw stepError(err, task.step.id, task.node, 'link_lost');
      }
      const wait = backoffDelay(rt.reattach.backoffMs, drops + 1);
      const why = err instanceof Error ? err.message : String(err);
      rt.log(
        'engine',
        `[kubelab] link dropped (${why}); re-attaching at byte ${raw} in ${wait} ms\n`,
      );
      await sleep(wait, signal);
    }
  }
  const rest = redactor.flush();
  if (rest) rt.log('stdout', rest);
  d.offset = raw;
  if (signal.aborted) throw signal.reason;
  if (exitCode === undefined) {
    throw new AppError({
      code: 'detached_lost',
      message: `${task.step.id} on ${task.node.name}: the detached run ended without an exit code`,
      nodeId: task.node.id,
      stepId: task.step.id,
    });
  }
  d.exitCode = exitCode;
  await rt.save();
  if (exitCode !== 0) throw exitError(task.step.id, task.node, exitCode, rt.logTail());
}
