import { describe, expect, it } from 'vitest';
import { visibleAreas } from './areas';

describe('visibleAreas', () => {
  it('hides the Bundle area until the machines are said to have no internet', () => {
    expect(visibleAreas(false)).not.toContain('bundle');
    expect(visibleAreas(false)).toHaveLength(6);
    // Shown last, so Alt+1…6 keep their areas and Bundle is Alt+7.
    expect(visibleAreas(true).indexOf('bundle')).toBe(6);
    expect(visibleAreas(true).slice(0, 6)).toEqual(visibleAreas(false));
  });
});
