/**
 * The checklist's fixed geometry. Every row has one height and every node column one width, set
 * here and from the grid's own width, never measured from the cells' text: a cell whose status or
 * duration changes then never lays out the rest of the grid again (an auto-layout table of 2 500
 * cells did, every frame), and the grid can draw only the rows and columns in view, since where
 * a cell goes is arithmetic.
 */

/** One row: a 32 px cell and its 1 px rule. */
export const ROW_HEIGHT = 33;
/** The sticky row of node names. */
export const HEAD_HEIGHT = 34;
/** The sticky column of step names (longer names are cut with an ellipsis; the title has them). */
export const STEP_WIDTH = 264;
/** Wide enough for the icon and the longest duration, "59 m 59 s". */
export const MIN_COL_WIDTH = 96;
/**
 * Up to this many cells the whole grid is drawn: the lab's 3 nodes × 10 steps cost nothing, and
 * every cell stays in the DOM as in a plain table. Windowing only pays for big grids.
 */
export const FULL_GRID_MAX_CELLS = 400;
/** Rows and columns drawn beyond the visible ones, so a short scroll shows no blank. */
export const OVERSCAN_ROWS = 3;
export const OVERSCAN_COLS = 2;

/**
 * Node columns share the width beside the step names (a small grid fills its panel as the table
 * did) but never get narrower than MIN_COL_WIDTH; then the grid scrolls sideways.
 */
export function columnWidth(viewportWidth: number, cols: number): number {
  if (cols <= 0) return MIN_COL_WIDTH;
  return Math.max(MIN_COL_WIDTH, Math.floor((viewportWidth - STEP_WIDTH) / cols));
}

export function isWindowed(rows: number, cols: number): boolean {
  return rows * cols > FULL_GRID_MAX_CELLS;
}

/**
 * The indexes to draw: the window's, plus `kept` (the focused row or column), so the cell with
 * the tab stop stays in the DOM, and keeps the keyboard focus, while it is scrolled away. Sorted,
 * so DOM order is grid order and React never moves (and so blurs) the kept element.
 */
export function withKept(inView: readonly number[], kept: number, count: number): number[] {
  if (kept < 0 || kept >= count || inView.includes(kept)) return [...inView];
  return [...inView, kept].sort((a, b) => a - b);
}

/** Every index of a dimension, for a grid drawn whole. */
export function allIndexes(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}
