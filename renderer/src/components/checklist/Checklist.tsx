import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type JSX,
  type KeyboardEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { ChecklistCell, type CellLabelParts } from './ChecklistCell';
import { HEAD_HEIGHT, ROW_HEIGHT, STEP_WIDTH } from './geometry';
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
import { useGridWindow } from './useGridWindow';
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
 * The install checklist: one row per step, one column per node, step and node names sticky. It
 * is a WAI-ARIA grid with a roving tab stop, so Tab enters it once and the arrow keys, Home/End
 * and PageUp/PageDown move inside (scrolling the cell into view); Enter or Space (or a click)
 * selects a cell, which the Install screen turns into that step's live log on that node.
 *
 * Rows and columns have fixed sizes (./geometry) and a big grid (100 nodes × 25 steps) draws only
 * the cells in view plus the focused one (./useGridWindow); aria-rowcount/colcount and each
 * row's and cell's aria-rowindex/colindex give assistive technology the whole grid's shape.
 */
export function Checklist({
  steps,
  nodes,
  cells,
  selected,
  onSelect,
}: ChecklistProps): JSX.Element {
  const { t } = useTranslation();
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const [focus, setFocus] = useState<GridPos>({ row: 0, col: 0 });
  // Keep the tab stop inside the grid when rows or columns go away.
  const row = Math.min(focus.row, Math.max(0, steps.length - 1));
  const col = Math.min(focus.col, Math.max(0, nodes.length - 1));
  const view = useGridWindow(scroller, steps.length, nodes.length, { row, col });
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

  // A key moved the focus: the grid scrolls the target into view (it is drawn, being the focus)
  // and, once it is rendered, focuses it without the browser's own scroll under a sticky header.
  const moved = useRef(false);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const next = moveInGrid(
      { row, col },
      e.key,
      steps.length,
      nodes.length,
      e.ctrlKey || e.metaKey,
    );
    if (!next) return;
    e.preventDefault();
    moved.current = true;
    setFocus(next);
    view.reveal(next);
  };
  useLayoutEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    scroller
      ?.querySelector<HTMLElement>(`[data-row="${row}"][data-col="${col}"]`)
      ?.focus({ preventScroll: true });
  }, [focus, row, col, scroller]);

  if (steps.length === 0 || nodes.length === 0) {
    return <p className="empty">{t('checklist.empty')}</p>;
  }

  const width = STEP_WIDTH + nodes.length * view.colWidth;
  const height = HEAD_HEIGHT + steps.length * ROW_HEIGHT;
  return (
    <div
      ref={setScroller}
      role="grid"
      className="checklist-scroll checklist"
      aria-label={t('checklist.label')}
      aria-rowcount={steps.length + 1}
      aria-colcount={nodes.length + 1}
      onKeyDown={onKeyDown}
      data-testid="checklist"
    >
      <div className="checklist-canvas" style={{ width, height }}>
        <div
          role="row"
          aria-rowindex={1}
          className="checklist-head"
          style={{ height: HEAD_HEIGHT }}
        >
          <div
            role="columnheader"
            aria-colindex={1}
            className="corner"
            style={{ width: STEP_WIDTH }}
          >
            {t('checklist.step')}
          </div>
          {view.cols.map((c) => {
            const node = nodes[c];
            if (!node) return null;
            return (
              <div
                key={node.id}
                role="columnheader"
                aria-colindex={c + 2}
                className="node-head"
                title={node.name}
                style={{ left: STEP_WIDTH + c * view.colWidth, width: view.colWidth }}
              >
                {node.name}
              </div>
            );
          })}
        </div>
        {view.rows.map((r) => {
          const step = steps[r];
          if (!step) return null;
          return (
            <div
              key={step.id}
              role="row"
              aria-rowindex={r + 2}
              className="checklist-row"
              style={{ top: HEAD_HEIGHT + r * ROW_HEIGHT, height: ROW_HEIGHT }}
            >
              <div
                role="rowheader"
                aria-colindex={1}
                className="step-head"
                title={step.label}
                style={{ width: STEP_WIDTH }}
              >
                {step.label}
              </div>
              {view.cols.map((c) => {
                const node = nodes[c];
                if (!node) return null;
                const state = cells[cellKey(step.id, node.id)] ?? NOT_APPLICABLE;
                return (
                  <ChecklistCell
                    key={node.id}
                    step={step}
                    node={node}
                    row={r}
                    col={c}
                    left={STEP_WIDTH + c * view.colWidth}
                    width={view.colWidth}
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
            </div>
          );
        })}
      </div>
    </div>
  );
}

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
