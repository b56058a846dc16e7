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
} from './runEvent';

import type { RunState, TaskState } from './runEvent';

/** The record of one step on one node in a run state, if the run has it. */
export function findTask(state: RunState, stepId: string, nodeId: string): TaskState | undefined {
  return state.tasks.find((t) => t.stepId === stepId && t.nodeId === nodeId);
}
