import { describe, expect, it } from 'vitest';
import type { TaskState } from '../model/runEvent';
import { preflightGatesInstall, reusableForInstall } from './installGate';

const task = (status: TaskState['status']): TaskState => ({
  stepId: 'prepare-os',
  nodeId: 'n1',
  status,
  attempts: 0,
});

describe('preflight before an install', () => {
  it('gates a first install only: nothing recorded, or nothing of it ran', () => {
    expect(preflightGatesInstall(null)).toBe(true);
    expect(preflightGatesInstall({ tasks: [task('pending'), task('cancelled')] })).toBe(true);
    expect(preflightGatesInstall({ tasks: [task('done'), task('pending')] })).toBe(false);
    expect(preflightGatesInstall({ tasks: [task('failed')] })).toBe(false);
  });

  it('reuses a kept run only while fresh and passing', () => {
    expect(reusableForInstall({ report: { ok: true } }, true)).toBe(true);
    expect(reusableForInstall({ report: { ok: false } }, true)).toBe(false);
    expect(reusableForInstall({ report: { ok: true } }, false)).toBe(false);
    expect(reusableForInstall(null, true)).toBe(false);
  });
});
