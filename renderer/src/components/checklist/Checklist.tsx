import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type JSX,
  type KeyboardEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { StatusIcon } from '../ui/StatusIcon';
import { formatDuration } from './format';
import { moveInGrid, type GridPos } from './gridNav';
import {
  CELL_STATUSES,
  cellKey,
  type CellMap,
  type CellRef,
  type CellState,
  type CellStatus,
  type ChecklistNode,
  type ChecklistStep,
} from './types';
import './checklist.css';

export interface ChecklistProps {
  steps: readonly ChecklistStep[];
  nodes: readonly ChecklistNode[];
  cells: CellMap;
  selected?: CellRef;
  onSelect(cell: CellRef): void;
}

const NOT_APPLICABLE: CellState = { status: 'not-applicable' };

/**
 * The install checklist: one row per step, one column per node. It is a WAI-ARIA grid with a
 * roving tab stop, so Tab enters it once and the arrow keys, Home/End and PageUp/PageDown move
 * inside; Enter or Space (or a click) selects a cell, which the Install screen turns into that
 * step's live log on that node.
 */
export function Checklist({
  steps,
  nodes,
  cells,
  selected,
  onSelect,
}: ChecklistProps): JSX.Element {
  const { t } = useTranslation();
  const [focus, setFocus] = useState<GridPos>({ row: 0, col: 0 });
  const gridRef = useRef<HTMLTableElement>(null);
  const anyRunning = Object.values(cells).some((c) => c.status === 'running');
  const now = useNow(anyRunning);
  // Translated once per language, not per cell and render: cells get plain strings.
  const statusLabels = useMemo(
    () =>
      Object.fromEntries(CELL_STATUSES.map((s) => [s, t(`checklist.status.${s}`)])) as Record<
        CellStatus,
        string
      >,
    [t],
  );
  const cellLabel = useCallback(
    ({ step, node, status, duration }: CellLabelParts): string =>
      t('checklist.cellLabel', { step, node, status, duration }),
    [t],
  );

  const focusCell = useCallback((pos: GridPos) => {
    setFocus(pos);
    gridRef.current
      ?.querySelector<HTMLElement>(`[data-row="${pos.row}"][data-col="${pos.col}"]`)
      ?.focus();
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>): void => {
    const next = moveInGrid(focus, e.key, steps.length, nodes.length, e.ctrlKey || e.metaKey);
    if (next) {
      e.preventDefault();
      focusCell(next);
    }
  };

  // Keep the tab stop inside the grid when rows or columns go away.
  const row = Math.min(focus.row, Math.max(0, steps.length - 1));
  const col = Math.min(focus.col, Math.max(0, nodes.length - 1));

  if (steps.length === 0 || nodes.length === 0) {
    return <p className="empty">{t('checklist.empty')}</p>;
  }

  return (
    <div className="checklist-scroll">
      <table
        ref={gridRef}
        role="grid"
        className="checklist"
        aria-label={t('checklist.label')}
        aria-rowcount={steps.length + 1}
        aria-colcount={nodes.length + 1}
        onKeyDown={onKeyDown}
        data-testid="checklist"
      >
        <thead>
          <tr>
            <th scope="col" className="corner">
              {t('checklist.step')}
            </th>
            {nodes.map((node) => (
              <th key={node.id} scope="col" className="node-head" title={node.name}>
                {node.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {steps.map((step, r) => (
            <tr key={step.id}>
              <th scope="row" className="step-head" title={step.label}>
                {step.label}
              </th>
              {nodes.map((node, c) => {
                const state = cells[cellKey(step.id, node.id)] ?? NOT_APPLICABLE;
                return (
                  <Cell
                    key={node.id}
                    step={step}
                    node={node}
                    row={r}
                    col={c}
                    state={state}
                    statusText={statusLabels[state.status]}
                    cellLabel={cellLabel}
                    now={state.status === 'running' ? now : 0}
                    tabStop={r === row && c === col}
                    selected={selected?.stepId === step.id && selected.nodeId === node.id}
                    onSelect={onSelect}
                    onFocusCell={setFocus}
                  />
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What a cell's accessible name is made of (the `checklist.cellLabel` message). */
interface CellLabelParts {
  step: string;
  node: string;
  status: string;
  duration: string;
}

interface CellProps {
  step: ChecklistStep;
  node: ChecklistNode;
  row: number;
  col: number;
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
 * Memoised: at a thousand status events a second only the cells that changed re-render, so
 * every prop must keep its identity between batches (state objects of unchanged cells, steps,
 * nodes, and the callbacks).
 */
const Cell = memo(function Cell({
  step,
  node,
  row,
  col,
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
    <td
      role="gridcell"
      className={`cell cell-${state.status}${selected ? ' selected' : ''}`}
      tabIndex={tabStop ? 0 : -1}
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
    </td>
  );
});

/** A clock that ticks once a second only while something is running. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
