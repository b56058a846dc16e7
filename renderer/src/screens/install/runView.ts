import { INSTALL_STEP_IDS, STEPS } from '../../../../common/catalog/steps';
import type { TaskState, TaskStatus } from '../../../../common/model/runEvent';
import { cellKey, type CellState, type CellStatus } from '../../components/checklist/types';
import type { TopologyMachine, TopologyState } from '../../components/topology/types';

/** The engine's task statuses in the checklist's words. */
export function cellStatus(status: TaskStatus, skipReason?: string): CellStatus {
  switch (status) {
    case 'done':
    case 'already-done':
      return 'ok';
    case 'skipped':
      // Skipped by the user counts as done; skipped because a dependency failed is "blocked".
      return skipReason === undefined || skipReason === 'user' ? 'skipped' : 'blocked';
    case 'cancelled':
      return 'cancelled';
    default:
      return status;
  }
}

export function cellFromTask(task: TaskState, durationMs?: number): CellState {
  const started = task.startedAt ? Date.parse(task.startedAt) : undefined;
  const finished = task.finishedAt ? Date.parse(task.finishedAt) : undefined;
  const duration =
    durationMs ??
    (started !== undefined && finished !== undefined ? finished - started : undefined);
  return {
    status: cellStatus(task.status, task.skipReason),
    durationMs: task.status === 'running' ? undefined : duration,
    startedAt: task.status === 'running' ? (started ?? Date.now()) : undefined,
  };
}

/** Steps in catalog order (unknown ids last), with their title in the UI language. */
export function orderedSteps(
  ids: Iterable<string>,
  language: string,
): { id: string; label: string }[] {
  const order = (id: string): number => {
    const i = (INSTALL_STEP_IDS as readonly string[]).indexOf(id);
    return i < 0 ? 1000 : i;
  };
  return [...new Set(ids)]
    .sort((a, b) => order(a) - order(b))
    .map((id) => {
      const info = STEPS.find((s) => s.id === id);
      return { id, label: info ? info.title[language === 'zh-CN' ? 'zh' : 'en'] : id };
    });
}

/**
 * A machine's colour on the topology from its cells: failure wins, then work in progress. Only
 * a run that is going on installs anything: once it stopped, a machine it left half done says so
 * ("stopped") instead of "Installing".
 */
export function machineState(statuses: readonly CellStatus[], active = true): TopologyState {
  if (statuses.length === 0) return 'unknown';
  if (statuses.includes('failed')) return 'failed';
  const finished = statuses.every((s) => s === 'ok' || s === 'skipped' || s === 'not-applicable');
  if (finished) return 'ready';
  const begun = statuses.some((s) => s === 'ok' || s === 'running' || s === 'cancelled');
  if (!begun) return 'reachable';
  return active ? 'installing' : 'stopped';
}

export interface KnownNode {
  id: string;
  name: string;
  address: string;
  role: 'control-plane' | 'worker';
}

/** One machine's colour from its cells over the run's steps. */
export function nodeMachineState(
  cells: Readonly<Record<string, CellState>>,
  stepIds: readonly string[],
  nodeId: string,
  active = true,
): TopologyState {
  const statuses: CellStatus[] = [];
  for (const step of stepIds) {
    const status = cells[cellKey(step, nodeId)]?.status;
    if (status !== undefined) statuses.push(status);
  }
  return machineState(statuses, active);
}

/** Whether the node runs kubeadm init (so it is the control plane when the inventory is silent). */
export function initsHere(cells: Readonly<Record<string, CellState>>, nodeId: string): boolean {
  return cells[cellKey('kubeadm-init', nodeId)] !== undefined;
}

/** A topology machine from its colour; the role comes from the inventory, else from the steps. */
export function machineFor(
  id: string,
  state: TopologyState,
  initHere: boolean,
  known: readonly KnownNode[],
): TopologyMachine {
  const node = known.find((n) => n.id === id);
  return {
    id,
    name: node?.name ?? id,
    address: node?.address ?? '',
    role: node?.role ?? (initHere ? 'control-plane' : 'worker'),
    state,
  };
}

/** Topology machines for the run's nodes; roles come from the inventory, else from the steps. */
export function machinesFor(
  nodeIds: readonly string[],
  cells: Readonly<Record<string, CellState>>,
  stepIds: readonly string[],
  known: readonly KnownNode[],
): TopologyMachine[] {
  return nodeIds.map((id) =>
    machineFor(id, nodeMachineState(cells, stepIds, id), initsHere(cells, id), known),
  );
}

/** [finished, total] over the cells that apply: done, already done and skipped count as finished. */
export function stepCount(cells: Readonly<Record<string, CellState>>): [number, number] {
  let done = 0;
  let total = 0;
  for (const cell of Object.values(cells)) {
    if (cell.status === 'not-applicable') continue;
    total += 1;
    if (cell.status === 'ok' || cell.status === 'skipped') done += 1;
  }
  return [done, total];
}
