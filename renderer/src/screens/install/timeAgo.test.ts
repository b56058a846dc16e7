import { describe, expect, it } from 'vitest';
import { timeAgo } from './timeAgo';

const now = Date.parse('2026-12-07T12:00:00.000Z');

describe('timeAgo', () => {
  it('says the age by its largest whole unit, in the user’s language', () => {
    expect(timeAgo('2026-12-07T11:55:30.000Z', 'en', now)).toBe('4 minutes ago');
    expect(timeAgo('2026-12-07T10:00:00.000Z', 'en', now)).toBe('2 hours ago');
    expect(timeAgo('2026-12-05T12:00:00.000Z', 'en', now)).toBe('2 days ago');
    expect(timeAgo('2026-12-07T11:55:00.000Z', 'zh-CN', now)).toBe('5分钟前');
  });

  it('says "now" under a minute, also for a clock slightly ahead', () => {
    expect(timeAgo('2026-12-07T11:59:30.000Z', 'en', now)).toBe('now');
    expect(timeAgo('2026-12-07T12:00:05.000Z', 'en', now)).toBe('now');
  });
});
