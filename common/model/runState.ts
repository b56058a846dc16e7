/**
 * The run state the project file keeps: one record per step × node (status, startedAt,
 * finishedAt, attempts, error, and what a resume needs). It is the engine's own schema from
 * ./runEvent so the file and the engine can never drift; this module is the name the project
 * model, the store and the UI import it by.
 */
export {
  RunStateSchema,
  TaskStateSchema,
  TaskStatusSchema,
  TASK_STATUSES,
  type RunState,
  type TaskState,
  type TaskStatus,
  runOperation,
} from './runEvent';

import type { OperationId } from '../catalog/operations';
import type { RunState, TaskState } from './runEvent';

/** The resets: after one, the machines it reset are outside the cluster again. */
export function isResetOperation(operation: OperationId): boolean {
  return operation === 'reset-node' || operation === 'reset-cluster';
}

/** The record of one step on one node in a run state, if the run has it. */
export function findTask(state: RunState, stepId: string, nodeId: string): TaskState | undefined {
  return state.tasks.find((t) => t.stepId === stepId && t.nodeId === nodeId);
}

/**
 * Machines of the project that the recorded install does not cover: offered to join the cluster
 * once the install has succeeded (the Install screen's banner; a reset node is among them).
 * `run` is the install as the UI holds it: its outcome and the nodes its tasks are on.
 */
export function joiningNodes<N extends { id: string }>(
  run: { kind?: OperationId; outcome?: string; nodeIds: readonly string[] },
  inventory: readonly N[],
): N[] {
  if ((run.kind && isResetOperation(run.kind)) || run.outcome !== 'succeeded') return [];
  const known = new Set(run.nodeIds);
  return inventory.filter((n) => !known.has(n.id));
}

/** The nodes a run state has tasks on, in the order they first appear. */
export function recordedNodeIds(state: RunState): string[] {
  return [...new Set(state.tasks.map((t) => t.nodeId))];
}
