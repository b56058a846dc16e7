import { AppError } from '../../common/model/appError';
import type { NodeSpec } from '../../common/model/node';
import type { TaskState } from '../../common/model/runEvent';
import { applies, taskKey } from './graph';
import type { Step, StepContext, StepOutputs } from './step';

export interface OutputSource {
  steps: readonly Step[];
  nodes: readonly NodeSpec[];
  plan: unknown;
  dryRun: boolean;
  /** Outputs known in memory (complete, secrets included), by task key. */
  memory: Map<string, StepOutputs>;
  /** Persisted task state (outputs without secrets), by task key. */
  state: Map<string, TaskState>;
  /**
   * A context for `step`'s task on another node, to collect its outputs again: on the machine
   * that task's scripts run on (Step.runsOn), as when the task ran.
   */
  contextFor(node: NodeSpec, signal: AbortSignal, step: Step): Promise<StepContext>;
}

/**
 * Resolves `ctx.outputsOf(stepId, nodeId)`: from memory, else from the persisted state when it
 * holds every key (no secrets), else by running the step's `outputs` on its node again — e.g. a
 * worker added later gets a freshly minted join command from the control plane. Concurrent asks
 * share one collection. In a dry run, unknown values render as placeholders.
 */
export class OutputResolver {
  private readonly inFlight = new Map<string, Promise<StepOutputs>>();

  constructor(private readonly src: OutputSource) {}

  async get(
    stepId: string,
    asker: NodeSpec,
    nodeId: string | undefined,
    signal: AbortSignal,
  ): Promise<StepOutputs> {
    const step = this.src.steps.find((s) => s.id === stepId);
    if (!step)
      throw new AppError({ code: 'invalid_steps', message: `outputs of unknown step "${stepId}"` });
    const node = this.sourceNode(step, asker, nodeId);
    const key = taskKey(stepId, node.id);
    const known = this.src.memory.get(key);
    if (known) return known;
    const saved = this.src.state.get(key);
    const done = saved && (saved.status === 'done' || saved.status === 'already-done');
    if (done && saved.outputs && !step.secretOutputs?.length) return saved.outputs;
    if (this.src.dryRun) return placeholders(stepId, node);
    if (!step.outputs) return saved?.outputs ?? {};
    let pending = this.inFlight.get(key);
    if (!pending) {
      const collect = step.outputs.bind(step);
      pending = this.src.contextFor(node, signal, step).then((ctx) => collect(ctx));
      this.inFlight.set(key, pending);
      pending.then(
        (o) => this.src.memory.set(key, o),
        () => this.inFlight.delete(key),
      );
    }
    return pending;
  }

  private sourceNode(step: Step, asker: NodeSpec, nodeId: string | undefined): NodeSpec {
    const { nodes, plan } = this.src;
    if (nodeId) {
      const n = nodes.find((x) => x.id === nodeId);
      if (!n)
        throw new AppError({
          code: 'invalid_steps',
          message: `outputs from unknown node "${nodeId}"`,
        });
      return n;
    }
    if (applies(step, asker, plan, nodes)) return asker;
    const first = nodes.find((n) => applies(step, n, plan, nodes));
    if (!first) {
      throw new AppError({
        code: 'invalid_steps',
        message: `no node runs "${step.id}", so its outputs are unavailable`,
      });
    }
    return first;
  }
}

/** In a dry run: every key reads as `<kubeadm-init.joinCommand on master1>`. */
function placeholders(stepId: string, node: NodeSpec): StepOutputs {
  return new Proxy<StepOutputs>(
    {},
    {
      get: (_t, prop) =>
        typeof prop === 'string' ? `<${stepId}.${prop} on ${node.name}>` : undefined,
    },
  );
}
