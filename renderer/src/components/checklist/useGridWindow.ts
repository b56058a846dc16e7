import { useCallback, useLayoutEffect, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { GridPos } from './gridNav';
import {
  allIndexes,
  columnWidth,
  HEAD_HEIGHT,
  isWindowed,
  OVERSCAN_COLS,
  OVERSCAN_ROWS,
  ROW_HEIGHT,
  STEP_WIDTH,
  withKept,
} from './geometry';

export interface GridWindow {
  /** Row and column indexes to draw, in order: those in view (all of a small grid) + the focus. */
  rows: number[];
  cols: number[];
  colWidth: number;
  /** Scrolls the least that brings the cell at `pos` into view, clear of the sticky headers. */
  reveal(pos: GridPos): void;
}

/**
 * Which part of a rows × cols grid to draw in the scroll element `scroller`: one TanStack
 * virtualiser per axis on the same element (they follow its scrolling and size), sizes fixed by
 * ./geometry. The sticky headers are the virtualisers' padding, so "in view" and `reveal` leave
 * them out. The focused row and column are always drawn (see withKept).
 */
export function useGridWindow(
  scroller: HTMLElement | null,
  rowCount: number,
  colCount: number,
  focus: GridPos,
): GridWindow {
  const colWidth = columnWidth(useClientWidth(scroller), colCount);
  const rowAxis = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scroller,
    estimateSize: () => ROW_HEIGHT,
    paddingStart: HEAD_HEIGHT,
    scrollPaddingStart: HEAD_HEIGHT,
    overscan: OVERSCAN_ROWS,
  });
  const colAxis = useVirtualizer({
    horizontal: true,
    count: colCount,
    getScrollElement: () => scroller,
    estimateSize: () => colWidth,
    paddingStart: STEP_WIDTH,
    scrollPaddingStart: STEP_WIDTH,
    overscan: OVERSCAN_COLS,
  });
  // The virtualiser caches item sizes: a new column width (the grid was resized) is told.
  useLayoutEffect(() => {
    colAxis.measure();
  }, [colAxis, colWidth]);

  const reveal = useCallback(
    (pos: GridPos) => {
      rowAxis.scrollToIndex(pos.row);
      colAxis.scrollToIndex(pos.col);
    },
    [rowAxis, colAxis],
  );

  if (!isWindowed(rowCount, colCount)) {
    return { rows: allIndexes(rowCount), cols: allIndexes(colCount), colWidth, reveal };
  }
  const rows = rowAxis.getVirtualItems().map((item) => item.index);
  const cols = colAxis.getVirtualItems().map((item) => item.index);
  return {
    rows: withKept(rows, focus.row, rowCount),
    cols: withKept(cols, focus.col, colCount),
    colWidth,
    reveal,
  };
}

/** The element's inner width (without a vertical scrollbar), following resizes. */
function useClientWidth(el: HTMLElement | null): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    if (!el) return undefined;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [el]);
  return width;
}
