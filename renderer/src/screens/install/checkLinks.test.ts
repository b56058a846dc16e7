import { describe, expect, it } from 'vitest';
import type { NetworkMatrix } from '../../../../common/model/verification';
import { checkLinks } from './checks';

const blocked6443: NetworkMatrix = {
  phase: 'before-install',
  probe: '6443/tcp',
  cells: [
    { from: 'node1', to: 'master1', ok: false, detail: 'connection timed out' },
    { from: 'master1', to: 'node1', ok: true },
  ],
};
const ping: NetworkMatrix = {
  phase: 'after-install',
  probe: 'pod-ping',
  cells: [{ from: 'node1', to: 'master1', ok: true, rttMs: 0.4 }],
};
const preflight = { checkedAt: '2026-12-07T10:00:00.000Z', matrices: [blocked6443] };
const verification = { checkedAt: '2026-12-07T10:30:00.000Z', matrices: [ping] };

describe('checkLinks', () => {
  it('draws the preflight’s red link while no later run succeeded', () => {
    const failedRun = { outcome: 'failed' as const, finishedAt: '2026-12-07T10:05:00.000Z' };
    for (const run of [{}, failedRun]) {
      expect(checkLinks({ run: preflight, showing: 'preflight' }, run)).toEqual([
        { from: 'master1', to: 'node1', status: 'failed', label: '6443/tcp' },
      ]);
    }
  });

  it('drops the links of a result taken before a run that succeeded later', () => {
    const retried = { outcome: 'succeeded' as const, finishedAt: '2026-12-07T10:20:00.000Z' };
    expect(checkLinks({ run: preflight, showing: 'preflight' }, retried)).toEqual([]);
    // A verification taken after that success is current and draws its pings.
    expect(checkLinks({ run: preflight, verification, showing: 'verification' }, retried)).toEqual([
      { from: 'master1', to: 'node1', status: 'ok', label: '0.4 ms' },
    ]);
  });

  it('draws nothing before any check', () => {
    expect(checkLinks({}, {})).toEqual([]);
  });
});
