import { describe, expect, it } from 'vitest';
import type { FailoverTest } from '../../../../common/plan/ha/failover';
import { failoverLine, testEnded } from './haFailover';

const passed: FailoverTest = {
  runId: 'r20261208-011500-abc123',
  at: '2026-12-08T01:15:09.000Z',
  outcome: 'succeeded',
  oldHolder: 'master1',
  newHolder: 'master2',
  movedSeconds: 1.4,
  apiAnswered: true,
  apiSeconds: 1.9,
  restored: true,
};

describe('the failover test in the HA panel', () => {
  it('says where the VIP went, how fast, the API and the holder put back', () => {
    expect(failoverLine(passed)).toEqual({
      key: 'haFailover.moved',
      values: { from: 'master1', to: 'master2', seconds: 1.4 },
      more: ['haFailover.api', 'haFailover.restored'],
      apiSeconds: 1.9,
    });
  });

  it('says a failed test did not move the VIP, with its error', () => {
    const failed: FailoverTest = {
      runId: 'r2',
      at: passed.at,
      outcome: 'failed',
      error: 'the VIP 10.0.0.100 did not move from master1 to another control plane within 90 s',
    };
    const line = failoverLine(failed);
    expect(line.key).toBe('haFailover.notMoved');
    expect(line.more).toEqual([]);
    expect(line.error).toContain('did not move');
  });

  it('waits until the started run is recorded as ended', () => {
    expect(testEnded(passed, passed.runId)).toBe(true);
    expect(testEnded(passed, 'r-other')).toBe(false);
    expect(testEnded({ ...passed, outcome: 'interrupted' }, passed.runId)).toBe(false);
    expect(testEnded(null, passed.runId)).toBe(false);
  });
});
