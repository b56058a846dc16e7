/** Where the focus goes in a rows × cols grid for a key, following the WAI-ARIA grid pattern. */
export interface GridPos {
  row: number;
  col: number;
}

export function moveInGrid(
  pos: GridPos,
  key: string,
  rows: number,
  cols: number,
  ctrl = false,
): GridPos | undefined {
  if (rows === 0 || cols === 0) return undefined;
  const clamp = (row: number, col: number): GridPos => ({
    row: Math.max(0, Math.min(rows - 1, row)),
    col: Math.max(0, Math.min(cols - 1, col)),
  });
  switch (key) {
    case 'ArrowUp':
      return clamp(pos.row - 1, pos.col);
    case 'ArrowDown':
      return clamp(pos.row + 1, pos.col);
    case 'ArrowLeft':
      return clamp(pos.row, pos.col - 1);
    case 'ArrowRight':
      return clamp(pos.row, pos.col + 1);
    case 'Home':
      return ctrl ? clamp(0, 0) : clamp(pos.row, 0);
    case 'End':
      return ctrl ? clamp(rows - 1, cols - 1) : clamp(pos.row, cols - 1);
    case 'PageUp':
      return clamp(pos.row - 5, pos.col);
    case 'PageDown':
      return clamp(pos.row + 5, pos.col);
    default:
      return undefined;
  }
}
