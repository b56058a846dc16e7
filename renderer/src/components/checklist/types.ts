/**
 * What the checklist draws. Deliberately its own small vocabulary: the install engine's run
 * state is mapped onto it by the Install screen, so this component does not change when the
 * engine's model does.
 */
export const CELL_STATUSES = [
  'pending',
  'running',
  'ok',
  'failed',
  'skipped',
  'blocked',
  'cancelled',
  'not-applicable',
] as const;
export type CellStatus = (typeof CELL_STATUSES)[number];

export interface ChecklistStep {
  id: string;
  label: string;
}

export interface ChecklistNode {
  id: string;
  name: string;
}

export interface CellState {
  status: CellStatus;
  /** Finished cells: how long the step took. */
  durationMs?: number;
  /** Running cells: when the step started (ms since epoch), so the cell can count up. */
  startedAt?: number;
}

export interface CellRef {
  stepId: string;
  nodeId: string;
}

/** Cells are keyed `${stepId}/${nodeId}`; a missing key means the step does not apply. */
export type CellMap = Readonly<Record<string, CellState>>;

export function cellKey(stepId: string, nodeId: string): string {
  return `${stepId}/${nodeId}`;
}
