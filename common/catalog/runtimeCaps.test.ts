import { describe, expect, it } from 'vitest';
import { runtimeCap } from './runtimeCaps';

describe('runtimeCap', () => {
  it('keeps Docker to the series kubeadm validated: 19.03 to 1.20, 20.10 for 1.21–1.23', () => {
    expect(runtimeCap(18).dockerSeries).toBe('19.03');
    expect(runtimeCap(20).dockerSeries).toBe('19.03');
    expect(runtimeCap(21).dockerSeries).toBe('20.10');
    expect(runtimeCap(23).dockerSeries).toBe('20.10');
    expect(runtimeCap(24).dockerSeries).toBeUndefined();
  });

  it('keeps containerd below 2.0 (no CRI v1alpha2) before Kubernetes 1.30', () => {
    expect(runtimeCap(18).containerdBelow).toBe('2.0');
    expect(runtimeCap(29).containerdBelow).toBe('2.0');
    expect(runtimeCap(30).containerdBelow).toBeUndefined();
    expect(runtimeCap(37).containerdBelow).toBeUndefined();
  });
});
