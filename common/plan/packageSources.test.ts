import { describe, expect, it } from 'vitest';
import { resolveVersion } from '../catalog/images';
import { modernPlan } from './presets';
import { packageSourceLines, packageSources } from './packageSources';

describe('packageSources', () => {
  it("names the plan's per-minor pkgs.k8s.io repositories, with the plan's override", () => {
    const plan = { ...modernPlan(), kubernetesVersion: '1.29.4' };
    const v = resolveVersion(plan.kubernetesVersion);
    if (!v) throw new Error('1.29.4 is in the catalog');
    expect(packageSources(plan, v)).toEqual([
      { family: 'deb', repository: 'https://pkgs.k8s.io/core:/stable:/v1.29/deb/' },
      { family: 'rpm', repository: 'https://pkgs.k8s.io/core:/stable:/v1.29/rpm/' },
    ]);
    const mirrored = { ...plan, mirrors: { kubernetesPackages: 'https://m.example/k8s' } };
    expect(packageSourceLines(packageSources(mirrored, v))[0]).toBe(
      'deb: kubelet, kubeadm, kubectl resolved from https://m.example/k8s/v1.29/deb/ at install',
    );
  });

  it('leaves out a family the upstream profile has no legacy repository for', () => {
    const plan = { ...modernPlan(), kubernetesVersion: '1.18.2' };
    const v = resolveVersion(plan.kubernetesVersion);
    if (!v) throw new Error('1.18.2 is in the catalog');
    expect(packageSources(plan, v)).toEqual([]);
  });
});
