import { afterEach, describe, expect, it, vi } from 'vitest';
import { isoNow } from './clock';

describe('isoNow', () => {
  afterEach(() => vi.useRealTimers());

  it('is the ISO time of now, and follows the clock from one millisecond to the next', () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-07T18:00:00.000Z') });
    expect(isoNow()).toBe('2026-12-07T18:00:00.000Z');
    expect(isoNow()).toBe('2026-12-07T18:00:00.000Z');
    vi.advanceTimersByTime(1);
    expect(isoNow()).toBe('2026-12-07T18:00:00.001Z');
    vi.setSystemTime(Date.parse('2027-01-01T00:00:00.000Z'));
    expect(isoNow()).toBe('2027-01-01T00:00:00.000Z');
  });
});
