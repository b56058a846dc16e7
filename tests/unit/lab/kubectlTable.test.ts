import { describe, expect, it } from 'vitest';
import { table } from '../../lab/node/k8s.mjs';

// kubectl's printers write through Go's text/tabwriter with minwidth 6 and padding 3
// (k8s.io/kubernetes pkg/printers/tabwriter.go): a cell is its text plus 3 spaces, at least 6 wide.
describe('lab kubectl table', () => {
  const rows = [
    ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    ['cp1', 'Ready', 'control-plane', '5m', 'v1.30.0'],
  ];

  it('pads each column to its widest cell plus 3', () => {
    expect(table(rows)).toBe(
      'NAME   STATUS   ROLES           AGE   VERSION\ncp1    Ready    control-plane   5m    v1.30.0\n',
    );
  });

  it('without the header row, a column narrower than 6 is still 6 wide (--no-headers)', () => {
    expect(table(rows.slice(1))).toBe('cp1   Ready   control-plane   5m    v1.30.0\n');
  });
});
