import { describe, expect, it } from 'vitest';
import { supersededBy } from './superseded';

const checked = '2026-12-07T10:00:00.000Z';

describe('supersededBy', () => {
  it('names the later successful run’s end', () => {
    const end = '2026-12-07T10:20:00.000Z';
    expect(supersededBy(checked, { outcome: 'succeeded', finishedAt: end })).toBe(end);
  });

  it('keeps a result taken after the success, or overtaken by a failure or nothing', () => {
    expect(
      supersededBy(checked, { outcome: 'succeeded', finishedAt: '2026-12-07T09:00:00.000Z' }),
    ).toBeUndefined();
    expect(
      supersededBy(checked, { outcome: 'failed', finishedAt: '2026-12-07T10:20:00.000Z' }),
    ).toBeUndefined();
    expect(
      supersededBy(checked, { outcome: 'cancelled', finishedAt: '2026-12-07T10:20:00.000Z' }),
    ).toBeUndefined();
    expect(supersededBy(checked, { outcome: 'succeeded' })).toBeUndefined();
    expect(supersededBy(checked, {})).toBeUndefined();
  });
});
