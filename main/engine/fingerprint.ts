import { createHash } from 'node:crypto';
import type { NodeSpec } from '../../common/model/node';
import type { Task } from './graph';
import { redactEnv } from './redact';
import { refusingRemote } from './render';
import type { ScriptSpec, StepContext, StepOutputs } from './step';

/**
 * What a task was rendered from, as a sha256: its script, the environment the engine quotes into
 * it, how it runs (detached, root) and the machine it runs on (address, port, user, jump host —
 * the same node id may now point at another machine). Recorded on a task when an attempt starts,
 * so a resume keeps a finished task only while the current plan and nodes render it identically
 * (resume.ts); anything else is checked again on the node.
 *
 * Rendered like a dry run: the node is never contacted and other tasks' outputs are fixed
 * placeholders, so a fresh join token or a fetched manifest does not make a task look changed (a
 * source task that changed reruns its dependants through the graph instead). No secret reaches
 * the project file: only the digest is stored, and tokens and certificate keys are redacted even
 * before hashing. Node labels are in no script's environment, so they are not part of it.
 */
export function fingerprintOf(spec: ScriptSpec, node: NodeSpec): string {
  const env = Object.entries(redactEnv(spec.env)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const input = JSON.stringify({
    v: 1,
    script: spec.script,
    env,
    detached: spec.detached === true,
    root: spec.root ?? true,
    target: [node.address, node.port, node.user, node.jumpHost ?? ''],
  });
  return createHash('sha256').update(input).digest('hex');
}

/** Outputs of other tasks as a fingerprint sees them: `<stepId.key>`, whatever the value. */
function placeholderOutputs(stepId: string): StepOutputs {
  return new Proxy<StepOutputs>(
    {},
    { get: (_t, prop) => (typeof prop === 'string' ? `<${stepId}.${prop}>` : undefined) },
  );
}

/**
 * The fingerprint of every task for this plan and these nodes, by task key. A task whose apply
 * cannot be rendered this way has none (undefined): on resume it is re-checked, never kept.
 */
export async function fingerprintTasks(
  tasks: readonly Task[],
  run: { runId: string; plan: unknown; params?: unknown; nodes: readonly NodeSpec[] },
): Promise<Map<string, string | undefined>> {
  const signal = new AbortController().signal;
  const out = new Map<string, string | undefined>();
  for (const task of tasks) {
    const ctx: StepContext = {
      runId: run.runId,
      node: task.node,
      nodes: run.nodes,
      plan: run.plan,
      params: run.params,
      remote: refusingRemote(task.node.id),
      dryRun: true,
      signal,
      outputsOf: async (stepId) => placeholderOutputs(stepId),
      log: () => undefined,
    };
    try {
      out.set(task.key, fingerprintOf(await task.step.apply(ctx), task.node));
    } catch {
      out.set(task.key, undefined);
    }
  }
  return out;
}
