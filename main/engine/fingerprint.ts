import { hash } from 'node:crypto';
import type { NodeSpec } from '../../common/model/node';
import type { Task } from './graph';
import { redact } from './redact';
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
export function fingerprintOf(
  spec: ScriptSpec,
  node: NodeSpec,
  redactValue: (value: string) => string = redact,
): string {
  const env = Object.entries(spec.env)
    .map(([k, v]): [string, string] => [k, redactValue(v)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const input = JSON.stringify({
    v: 1,
    script: spec.script,
    env,
    detached: spec.detached === true,
    root: spec.root ?? true,
    target: [node.address, node.port, node.user, node.jumpHost ?? ''],
  });
  // One-shot hash: same digest as createHash().update().digest(), without a Hash object per task.
  return hash('sha256', input, 'hex');
}

/** Outputs of other tasks as a fingerprint sees them: `<stepId.key>`, whatever the value. */
function placeholderOutputs(stepId: string): StepOutputs {
  return new Proxy<StepOutputs>(
    {},
    { get: (_t, prop) => (typeof prop === 'string' ? `<${stepId}.${prop}>` : undefined) },
  );
}

interface FingerprintRun {
  runId: string;
  plan: unknown;
  params?: unknown;
  nodes: readonly NodeSpec[];
}

/**
 * A run's fingerprints, each rendered when first asked for and kept: a resume asks for the
 * recorded tasks' before it starts, every other task's is made when its first attempt starts,
 * inside the run's waits for the nodes rather than in one block before the first task (for 100
 * machines × 20 steps that block was the run's whole first tens of ms, issue 15). Environment
 * values repeat across machines (the plan's), so each distinct value is redacted once.
 */
export class Fingerprints {
  private readonly known = new Map<string, Promise<string | undefined>>();
  private readonly redacted = new Map<string, string>();
  private readonly signal = new AbortController().signal;

  constructor(private readonly run: FingerprintRun) {}

  /** What `task` renders to now; undefined when its apply cannot be rendered without the node. */
  of(task: Task): Promise<string | undefined> {
    let known = this.known.get(task.key);
    if (!known) {
      known = this.render(task);
      this.known.set(task.key, known);
    }
    return known;
  }

  private async render(task: Task): Promise<string | undefined> {
    const ctx: StepContext = {
      runId: this.run.runId,
      node: task.node,
      nodes: this.run.nodes,
      plan: this.run.plan,
      params: this.run.params,
      remote: refusingRemote(task.node.id),
      dryRun: true,
      signal: this.signal,
      outputsOf: async (stepId) => placeholderOutputs(stepId),
      log: () => undefined,
    };
    try {
      return fingerprintOf(await task.step.apply(ctx), task.node, (v) => this.redact(v));
    } catch {
      return undefined;
    }
  }

  private redact(value: string): string {
    let out = this.redacted.get(value);
    if (out === undefined) {
      out = redact(value);
      this.redacted.set(value, out);
    }
    return out;
  }
}

/**
 * The fingerprint of every task for this plan and these nodes, by task key. A task whose apply
 * cannot be rendered this way has none (undefined): on resume it is re-checked, never kept.
 */
export async function fingerprintTasks(
  tasks: readonly Task[],
  run: FingerprintRun | Fingerprints,
): Promise<Map<string, string | undefined>> {
  const prints = run instanceof Fingerprints ? run : new Fingerprints(run);
  const out = new Map<string, string | undefined>();
  for (const task of tasks) out.set(task.key, await prints.of(task));
  return out;
}
