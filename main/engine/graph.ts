import type { NodeSpec } from '../../common/model/node';
import { AppError } from '../../common/model/appError';
import { normaliseDependency, type Step } from './step';

/** One step on one node: the unit the runner schedules, records and reports. */
export interface Task {
  readonly key: string;
  readonly step: Step;
  readonly stepIndex: number;
  readonly node: NodeSpec;
  /** Keys of the tasks that must be satisfied first (within this run). */
  readonly deps: readonly string[];
}

export const taskKey = (stepId: string, nodeId: string): string => `${stepId}@${nodeId}`;

/** Does `step` run on `node` at all (role and predicate)? */
export function applies(
  step: Step,
  node: NodeSpec,
  plan: unknown,
  nodes: readonly NodeSpec[],
): boolean {
  if (step.appliesTo && !step.appliesTo.includes(node.role)) return false;
  return step.when ? step.when(node, plan, nodes) : true;
}

/**
 * Builds the steps × nodes graph. Each node runs its steps in list order (the previous applicable
 * step on the same node is an implicit dependency); declared dependencies add cross-node edges and
 * must name earlier steps, so the graph is acyclic by construction. Dependencies on steps outside
 * `selected` are left to the caller (they count as satisfied: the user chose to run a subset).
 */
export function buildGraph(
  steps: readonly Step[],
  nodes: readonly NodeSpec[],
  plan: unknown,
  selected: { steps?: readonly string[]; nodes?: readonly string[] } = {},
): Task[] {
  const index = new Map<string, number>();
  steps.forEach((s, i) => {
    if (index.has(s.id)) throw configError(`step "${s.id}" is declared twice`);
    index.set(s.id, i);
  });
  for (const id of [...(selected.steps ?? [])]) {
    if (!index.has(id)) throw configError(`unknown step "${id}"`, 'steps');
  }
  for (const id of [...(selected.nodes ?? [])]) {
    if (!nodes.some((n) => n.id === id)) throw configError(`unknown node "${id}"`, 'nodes');
  }
  const wantStep = (id: string): boolean => !selected.steps || selected.steps.includes(id);
  const runNodes = nodes.filter((n) => !selected.nodes || selected.nodes.includes(n.id));

  // Where each step runs (over all nodes: a dependency may sit on a node outside the selection).
  const where = new Map<string, NodeSpec[]>();
  for (const s of steps)
    where.set(
      s.id,
      nodes.filter((n) => applies(s, n, plan, nodes)),
    );
  const inRun = new Set<string>();
  for (const s of steps) {
    if (!wantStep(s.id)) continue;
    for (const n of where.get(s.id) ?? []) if (runNodes.includes(n)) inRun.add(taskKey(s.id, n.id));
  }

  const tasks: Task[] = [];
  const lastOnNode = new Map<string, string>();
  steps.forEach((step, i) => {
    let previousNodeTask: string | undefined;
    const deps = (step.dependsOn ?? []).map(normaliseDependency);
    for (const d of deps) {
      const j = index.get(d.step);
      if (j === undefined)
        throw configError(`step "${step.id}" depends on unknown step "${d.step}"`);
      if (j >= i) throw configError(`step "${step.id}" depends on later step "${d.step}"`);
    }
    for (const node of where.get(step.id) ?? []) {
      const key = taskKey(step.id, node.id);
      if (!inRun.has(key)) continue;
      const edges = new Set<string>();
      const prev = lastOnNode.get(node.id);
      if (prev) edges.add(prev);
      for (const d of deps) {
        for (const other of where.get(d.step) ?? []) {
          const match =
            d.on === 'all-nodes' ||
            (d.on === 'same-node' ? other.id === node.id : other.role === d.on);
          const k = taskKey(d.step, other.id);
          if (match && inRun.has(k)) edges.add(k);
        }
      }
      if (step.oneNodeAtATime && previousNodeTask) edges.add(previousNodeTask);
      for (const ref of step.after?.(node, nodes) ?? []) {
        const k = taskKey(ref.step, ref.nodeId);
        if (inRun.has(k) && k !== key) edges.add(k);
      }
      tasks.push({ key, step, stepIndex: i, node, deps: [...edges] });
      lastOnNode.set(node.id, key);
      previousNodeTask = key;
    }
  });
  return tasks;
}

function configError(message: string, field?: string): AppError {
  return new AppError({ code: 'invalid_steps', message, field });
}
