import { describe, expect, it } from 'vitest';
import { matricesToLinks } from './checks';

describe('matricesToLinks', () => {
  it('folds both directions of every probe into one edge per pair', () => {
    const links = matricesToLinks([
      {
        phase: 'before-install',
        probe: '6443/tcp',
        cells: [
          { from: 'n1', to: 'n2', ok: true },
          { from: 'n2', to: 'n1', ok: true },
          { from: 'n1', to: 'n3', ok: false, detail: 'connection refused' },
        ],
      },
      {
        phase: 'after-install',
        probe: 'pod-ping',
        cells: [
          { from: 'n1', to: 'n2', ok: true, rttMs: 0.42 },
          { from: 'n2', to: 'n1', ok: true, rttMs: 0.61 },
          { from: 'n1', to: 'n1', ok: true },
        ],
      },
    ]);
    expect(links).toEqual([
      { from: 'n1', to: 'n2', status: 'ok', label: '0.6 ms' },
      { from: 'n1', to: 'n3', status: 'failed', label: '6443/tcp' },
    ]);
  });
});
