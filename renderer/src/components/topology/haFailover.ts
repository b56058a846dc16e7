import type { FailoverTest } from '../../../../common/plan/ha/failover';

/** The i18n key and values of a failover test's result line (HaFailoverPanel). */
export interface FailoverLine {
  key: 'haFailover.moved' | 'haFailover.notMoved';
  values: Record<string, string | number>;
  /** Follow-on keys, in order: API through the VIP, the holder put back. */
  more: Array<
    'haFailover.api' | 'haFailover.noApi' | 'haFailover.restored' | 'haFailover.notRestored'
  >;
  apiSeconds?: number;
  error?: string;
}

/** What the panel says about a test: where the VIP went and how fast, the API, the holder. */
export function failoverLine(t: FailoverTest): FailoverLine {
  const more: FailoverLine['more'] = [];
  if (t.apiAnswered !== undefined) more.push(t.apiAnswered ? 'haFailover.api' : 'haFailover.noApi');
  if (t.restored !== undefined)
    more.push(t.restored ? 'haFailover.restored' : 'haFailover.notRestored');
  const moved = Boolean(t.oldHolder && t.newHolder);
  return {
    key: moved ? 'haFailover.moved' : 'haFailover.notMoved',
    values: {
      from: t.oldHolder ?? '',
      to: t.newHolder ?? '',
      seconds: t.movedSeconds ?? '?',
    },
    more,
    ...(t.apiSeconds !== undefined ? { apiSeconds: t.apiSeconds } : {}),
    ...(t.outcome !== 'succeeded' && t.error ? { error: t.error } : {}),
  };
}

/** Whether the test started as `runId` has ended and been recorded (the panel stops waiting). */
export function testEnded(last: FailoverTest | null | undefined, runId: string): boolean {
  return last?.runId === runId && last.outcome !== 'interrupted';
}
