import { describe, expect, it } from 'vitest';
import { NEWEST_MINOR } from '../catalog/kubernetesVersions';
import { KUBEADM_RELEASES } from '../catalog/releases';
import { guidePlan, modernPlan } from './presets';

/** The highest patch number the generated release data holds for a minor, worked out here. */
function highestPatch(minor: number): number {
  const patches = KUBEADM_RELEASES.map((r) => r.version.split('.').map(Number)).filter(
    ([, m]) => m === minor,
  );
  return Math.max(...patches.map(([, , p]) => p ?? -1));
}

describe('presets', () => {
  it('the modern preset takes the newest patch of the newest minor from the catalog data', () => {
    const expected = `1.${NEWEST_MINOR}.${highestPatch(NEWEST_MINOR)}`;
    expect(modernPlan().kubernetesVersion).toBe(expected);
    // Today's data: 1.37.2 is published, so the preset is not the minor's older default 1.37.1.
    expect(expected).toBe('1.37.2');
  });

  it("the guide preset stays the guide's own version", () => {
    expect(guidePlan().kubernetesVersion).toBe('1.18.2');
  });
});
