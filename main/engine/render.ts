import type { NodeSpec } from '../../common/model/node';
import type { RenderedTask, RunEvent } from '../../common/model/runEvent';
import type { Task } from './graph';
import type { Remote } from './remote';
import { redact, redactEnv } from './redact';
import type { StepContext } from './step';

export interface RenderDeps {
  runId: string;
  probe: boolean;
  signal: AbortSignal;
  contextFor(node: NodeSpec, signal: AbortSignal, stepId: string): Promise<StepContext>;
  emit(event: RunEvent): void;
}

/**
 * The dry run (k0sctl's "wet" switch turned off): every task's exact script and environment as
 * the node would get them, in run order, without a mutating call. With `probe`, the read-only
 * checks run so the plan says what is already done; without it the node is not contacted at all.
 * A task whose apply cannot be rendered is reported in its place and the others still render.
 */
export async function renderPlan(
  tasks: readonly Task[],
  deps: RenderDeps,
): Promise<RenderedTask[]> {
  const out: RenderedTask[] = [];
  for (const task of tasks) {
    if (deps.signal.aborted) break;
    const ctx = await deps.contextFor(task.node, deps.signal, task.step.id);
    let rendered: RenderedTask;
    try {
      const check = deps.probe && task.step.check ? await task.step.check(ctx) : 'unknown';
      const spec = await task.step.apply(ctx);
      rendered = {
        stepId: task.step.id,
        nodeId: task.node.id,
        mode: spec.detached ? 'detached' : 'exec',
        root: spec.root ?? true,
        script: spec.script,
        env: redactEnv(spec.env),
        check,
      };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      rendered = {
        stepId: task.step.id,
        nodeId: task.node.id,
        mode: 'exec',
        root: true,
        script: `# cannot render: ${redact(message)}\n`,
        env: {},
        check: 'unknown',
      };
    }
    out.push(rendered);
    deps.emit({
      type: 'rendered',
      runId: deps.runId,
      time: new Date().toISOString(),
      task: rendered,
    });
  }
  return out;
}

/** The remote a dry run without probing gets: any call is a bug in a step (apply must be pure). */
export function refusingRemote(nodeId: string): Remote {
  const refuse = (): never => {
    throw new Error(`dry run: the node ${nodeId} must not be contacted`);
  };
  return {
    nodeId,
    exec: refuse,
    startDetached: refuse,
    followDetached: refuse,
    upload: refuse,
    download: refuse,
    downloadFile: refuse,
    uploadFile: refuse,
  };
}
