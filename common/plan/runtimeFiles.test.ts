import { describe, expect, it } from 'vitest';
import { resolveVersion, type ResolvedVersion } from '../catalog/images';
import type { ClusterPlan } from '../model/plan';
import { guidePlan, modernPlan } from './presets';
import { runtimeFiles } from './runtimeFiles';

function version(plan: ClusterPlan): ResolvedVersion {
  const v = resolveVersion(plan.kubernetesVersion);
  if (!v) throw new Error(`no ${plan.kubernetesVersion}`);
  return v;
}
const filesOf = (plan: ClusterPlan): ReturnType<typeof runtimeFiles> =>
  runtimeFiles(plan, version(plan));

describe('runtime files in the plan preview', () => {
  it('shows one containerd hosts.toml per registry the china profile mirrors', () => {
    const plan: ClusterPlan = { ...modernPlan(), mirrorProfile: 'china' };
    const files = filesOf(plan);
    expect(files.map((f) => f.path)).toEqual([
      '/etc/containerd/certs.d/docker.io/hosts.toml',
      '/etc/containerd/certs.d/ghcr.io/hosts.toml',
      '/etc/containerd/certs.d/quay.io/hosts.toml',
    ]);
    expect(files[0]?.content).toBe(
      'server = "https://registry-1.docker.io"\n\n[host."https://docker.m.daocloud.io"]\n  capabilities = ["pull", "resolve"]\n',
    );
  });

  it('shows none for upstream containerd nor for Docker with dockershim', () => {
    expect(filesOf(modernPlan())).toEqual([]);
    expect(filesOf(guidePlan())).toEqual([]);
  });

  it('shows cri-dockerd’s drop-in with the pause image of the plan’s repository', () => {
    const plan: ClusterPlan = {
      ...guidePlan(),
      kubernetesVersion: '1.30.2',
      runtime: 'cri-dockerd',
    };
    const [dropin, ...rest] = filesOf(plan);
    expect(rest).toEqual([]);
    expect(dropin?.path).toBe('/etc/systemd/system/cri-docker.service.d/10-kubelab.conf');
    expect(dropin?.content).toContain(
      '\nExecStart=\nExecStart=/usr/bin/cri-dockerd --container-runtime-endpoint fd:// --pod-infra-container-image=registry.cn-hangzhou.aliyuncs.com/google_containers/pause:3.9 --network-plugin=cni\n',
    );
  });
});
