import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { initI18n } from '../../i18n';
import { Checklist } from './Checklist';
import { formatDuration } from './format';
import { columnWidth, isWindowed, MIN_COL_WIDTH, STEP_WIDTH, withKept } from './geometry';
import { moveInGrid } from './gridNav';
import { cellKey } from './types';

initI18n('en');

describe('moveInGrid', () => {
  it('moves with arrows and stops at the edges', () => {
    expect(moveInGrid({ row: 0, col: 0 }, 'ArrowRight', 3, 4)).toEqual({ row: 0, col: 1 });
    expect(moveInGrid({ row: 0, col: 0 }, 'ArrowUp', 3, 4)).toEqual({ row: 0, col: 0 });
    expect(moveInGrid({ row: 2, col: 3 }, 'ArrowDown', 3, 4)).toEqual({ row: 2, col: 3 });
  });
  it('jumps with Home/End and Ctrl+Home/End', () => {
    expect(moveInGrid({ row: 1, col: 2 }, 'Home', 3, 4)).toEqual({ row: 1, col: 0 });
    expect(moveInGrid({ row: 1, col: 2 }, 'End', 3, 4, true)).toEqual({ row: 2, col: 3 });
  });
  it('ignores other keys and empty grids', () => {
    expect(moveInGrid({ row: 0, col: 0 }, 'a', 3, 4)).toBeUndefined();
    expect(moveInGrid({ row: 0, col: 0 }, 'ArrowDown', 0, 0)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('reads well at every scale', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_340)).toBe('12.3 s');
    expect(formatDuration(245_000)).toBe('4 m 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 m');
  });
});

describe('checklist geometry', () => {
  it('shares the panel between few columns and scrolls many', () => {
    expect(columnWidth(STEP_WIDTH + 3 * 150 + 2, 3)).toBe(150);
    expect(columnWidth(700, 100)).toBe(MIN_COL_WIDTH);
    expect(columnWidth(0, 3)).toBe(MIN_COL_WIDTH);
  });
  it('windows only big grids', () => {
    expect(isWindowed(10, 3)).toBe(false);
    expect(isWindowed(25, 100)).toBe(true);
  });
  it('keeps the focused index drawn, in order', () => {
    expect(withKept([4, 5, 6], 1, 10)).toEqual([1, 4, 5, 6]);
    expect(withKept([4, 5, 6], 9, 10)).toEqual([4, 5, 6, 9]);
    expect(withKept([4, 5, 6], 5, 10)).toEqual([4, 5, 6]);
    expect(withKept([4, 5, 6], 10, 10)).toEqual([4, 5, 6]);
  });
});

describe('Checklist', () => {
  const steps = [
    { id: 'runtime', label: 'Install containerd' },
    { id: 'init', label: 'kubeadm init' },
  ];
  const nodes = [
    { id: 'node1', name: 'node1' },
    { id: 'node2', name: 'node2' },
  ];

  it('draws one cell per step and node, with one tab stop', () => {
    const html = renderToStaticMarkup(
      <Checklist
        steps={steps}
        nodes={nodes}
        cells={{
          [cellKey('runtime', 'node1')]: { status: 'ok', durationMs: 12_000 },
          [cellKey('runtime', 'node2')]: { status: 'failed', durationMs: 3000 },
          [cellKey('init', 'node1')]: { status: 'pending' },
        }}
        onSelect={() => undefined}
      />,
    );
    expect(html.match(/role="gridcell"/g)).toHaveLength(4);
    expect(html.match(/tabindex="0"/g)).toHaveLength(1);
    expect(html).toContain('aria-rowcount="3"');
    expect(html).toContain('aria-colcount="3"');
    expect(html.match(/role="row"/g)).toHaveLength(3);
    expect(html).toContain('aria-rowindex="3"');
    expect(html).toContain('aria-colindex="3"');
    expect(html).toContain('data-status="failed"');
    expect(html).toContain('data-status="not-applicable"');
    expect(html).toContain('12.0 s');
    expect(html).toContain('Install containerd on node2: Failed 3.0 s');
  });

  it('draws a big grid windowed: its full shape in ARIA, not every cell', () => {
    const many = Array.from({ length: 100 }, (_, i) => ({ id: `n${i}`, name: `n${i}` }));
    const rows = Array.from({ length: 25 }, (_, i) => ({ id: `s${i}`, label: `Step ${i}` }));
    const html = renderToStaticMarkup(
      <Checklist steps={rows} nodes={many} cells={{}} onSelect={() => undefined} />,
    );
    expect(html).toContain('aria-rowcount="26"');
    expect(html).toContain('aria-colcount="101"');
    // No size is known before the browser lays it out: only the tab stop is drawn.
    expect(html.match(/role="gridcell"/g)).toHaveLength(1);
    expect(html.match(/tabindex="0"/g)).toHaveLength(1);
  });

  it('says what to do when there is nothing to show', () => {
    const html = renderToStaticMarkup(
      <Checklist steps={[]} nodes={nodes} cells={{}} onSelect={() => undefined} />,
    );
    expect(html).toContain('No steps yet');
  });
});
