import { describe, expect, it } from 'vitest';
import { guidePlan } from '../../common/plan/presets';
import { testImage } from './verifyService';

describe('verify’s test image', () => {
  it('is pulled through the plan’s Docker Hub mirror when the machines are online', () => {
    const image = testImage(guidePlan());
    expect(image).toMatch(/busybox:1\.28$/);
    expect(image).not.toBe('docker.io/library/busybox:1.28');
  });

  it('is the name the bundle imported it under when the machines have no internet', () => {
    expect(testImage({ ...guidePlan(), offline: true })).toBe('docker.io/library/busybox:1.28');
  });
});
