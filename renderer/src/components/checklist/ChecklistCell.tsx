import { memo, type JSX } from 'react';
import { StatusIcon } from '../ui/StatusIcon';
import { formatDuration } from './format';
import type { GridPos } from './gridNav';
import type { CellRef, CellState, ChecklistNode, ChecklistStep } from './types';

/** What a cell's accessible name is made of (the `checklist.cellLabel` message). */
export interface CellLabelParts {
  step: string;
  node: string;
  status: string;
  duration: string;
}

export interface CellProps {
  step: ChecklistStep;
  node: ChecklistNode;
  row: number;
  col: number;
  /** Where the cell sits in its row (px) and how wide it is: fixed, so its text never sizes it. */
  left: number;
  width: number;
  state: CellState;
  /** The status in words, translated once by the grid. */
  statusText: string;
  cellLabel(parts: CellLabelParts): string;
  now: number;
  tabStop: boolean;
  selected: boolean;
  onSelect(cell: CellRef): void;
  onFocusCell(pos: GridPos): void;
}

/**
 * One step on one node. Memoised: at a thousand status events a second only the cells that
 * changed re-render, so every prop must keep its identity between batches (state objects of
 * unchanged cells, steps, nodes, and the callbacks).
 */
export const ChecklistCell = memo(function ChecklistCell({
  step,
  node,
  row,
  col,
  left,
  width,
  state,
  statusText,
  cellLabel,
  now,
  tabStop,
  selected,
  onSelect,
  onFocusCell,
}: CellProps): JSX.Element {
  const duration =
    state.durationMs !== undefined
      ? formatDuration(state.durationMs)
      : state.status === 'running' && state.startedAt !== undefined && now > 0
        ? formatDuration(Math.max(0, now - state.startedAt))
        : '';
  const select = (): void => onSelect({ stepId: step.id, nodeId: node.id });
  return (
    <div
      role="gridcell"
      className={`cell cell-${state.status}${selected ? ' selected' : ''}`}
      style={{ left, width }}
      tabIndex={tabStop ? 0 : -1}
      aria-colindex={col + 2}
      aria-selected={selected}
      aria-label={cellLabel({ step: step.label, node: node.name, status: statusText, duration })}
      title={`${step.label} · ${node.name}: ${statusText}${duration ? ` (${duration})` : ''}`}
      data-row={row}
      data-col={col}
      data-step={step.id}
      data-node={node.id}
      data-status={state.status}
      onClick={select}
      onFocus={() => onFocusCell({ row, col })}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          select();
        }
      }}
    >
      <span className="cell-inner">
        <StatusIcon status={state.status} still />
        {duration && <span className="duration">{duration}</span>}
      </span>
    </div>
  );
});
