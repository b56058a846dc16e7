import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PreflightRun } from '../../../common/contracts/preflight';
import type { Verification } from '../../../common/model/verification';

const preflightAt = (checkedAt: string): PreflightRun =>
  ({
    checkedAt,
    durationMs: 1,
    report: { results: [], counts: { pass: 0, block: 0, warn: 0, unknown: 0 } },
    matrices: [],
    listeners: [],
    unreachable: [],
  }) as unknown as PreflightRun;
const verificationAt = (checkedAt: string): Verification =>
  ({ checkedAt, nodes: [], matrices: [] }) as unknown as Verification;

const calls: string[] = [];
let kept: { preflight: PreflightRun | null; verification: Verification | null };

beforeEach(() => {
  vi.resetModules();
  calls.length = 0;
  const api = {
    preflight: {
      last: async () => {
        calls.push('preflight.last');
        return { run: kept.preflight, fresh: false };
      },
      run: async () => {
        calls.push('preflight.run');
        return preflightAt('2026-12-07T12:00:00.000Z');
      },
    },
    verify: {
      last: async () => {
        calls.push('verify.last');
        return { verification: kept.verification };
      },
      run: async () => {
        calls.push('verify.run');
        return verificationAt('2026-12-07T12:05:00.000Z');
      },
    },
  };
  vi.stubGlobal('window', { kubelab: api, location: { hash: '' } });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

// The first import transforms the store and the bridge: slow on a shared machine.
describe('the checks store', { timeout: 30_000 }, () => {
  it('shows the newer of the kept preflight and verification after a reload', async () => {
    kept = {
      preflight: preflightAt('2026-12-07T10:00:00.000Z'),
      verification: verificationAt('2026-12-07T11:00:00.000Z'),
    };
    const { useChecksStore } = await import('./checksStore');
    await useChecksStore.getState().loadLast();
    await useChecksStore.getState().loadLast(); // once per page
    const s = useChecksStore.getState();
    expect(s.showing).toBe('verification');
    expect(s.run?.checkedAt).toBe('2026-12-07T10:00:00.000Z');
    expect(s.verification?.checkedAt).toBe('2026-12-07T11:00:00.000Z');
    expect(calls).toEqual(['preflight.last', 'verify.last']);
  });

  it('keeps a result taken on this page over the kept one, and shows the one taken last', async () => {
    kept = { preflight: preflightAt('2026-12-07T10:00:00.000Z'), verification: null };
    const { useChecksStore } = await import('./checksStore');
    await useChecksStore.getState().runPreflight();
    await useChecksStore.getState().loadLast();
    expect(useChecksStore.getState().run?.checkedAt).toBe('2026-12-07T12:00:00.000Z');
    expect(useChecksStore.getState().showing).toBe('preflight');
    await useChecksStore.getState().verify();
    expect(useChecksStore.getState().showing).toBe('verification');
    expect(useChecksStore.getState().busy).toBeUndefined();
  });
});
