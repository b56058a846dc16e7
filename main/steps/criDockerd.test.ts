import { describe, expect, it } from 'vitest';
import { CRI_DOCKERD, criDockerdDebAsset } from '../../common/catalog/criDockerd';
import type { ClusterPlan } from '../../common/model/plan';
import { guideNodes, modernPlan } from '../../common/plan/presets';
import { validatePlan } from '../../common/plan/validatePlan';
import { containerRuntimeEnv } from './container-runtime';
import { planFacts } from './plan';

const dockerd = (over: Partial<ClusterPlan> = {}): ClusterPlan => ({
  ...modernPlan(),
  runtime: 'cri-dockerd',
  ...over,
});

const envOf = containerRuntimeEnv;
const ctx = { nodes: guideNodes() };

describe('cri-dockerd in the container-runtime step', () => {
  it('installs Docker plus the pinned cri-dockerd release, pause image and CNI in ExecStart', () => {
    const plan = dockerd();
    expect(validatePlan(plan, ctx)).toEqual([]);
    const env = envOf(plan);
    expect(env.RUNTIME).toBe('cri-dockerd');
    expect(env.DOCKER_SERIES).toBe('');
    expect(env.CRI_ENDPOINT).toBe('unix:///var/run/cri-dockerd.sock');
    expect(env.CRI_DOCKERD_VERSION).toBe('0.3.16');
    expect(env.CRI_DOCKERD_URL).toBe(
      'https://github.com/Mirantis/cri-dockerd/releases/download/v0.3.16',
    );
    expect(env.CRI_DOCKERD_DEB).toBe('cri-dockerd_0.3.16.3-0.%s_%s.deb');
    expect(env.CRI_DOCKERD_RPM).toBe('cri-dockerd-0.3.16-3.fc36.x86_64.rpm');
    expect(env.CRI_DOCKERD_DISTROS?.split(' ')).toContain('ubuntu-jammy');
    const pause = planFacts(plan).version.release.pause;
    expect(env.CRI_DOCKERD_DROPIN).toBe('/etc/systemd/system/cri-docker.service.d/10-kubelab.conf');
    expect(env.CRI_DOCKERD_DROPIN_TEXT).toBe(
      `# kubelab: cri-dockerd 0.3.16\n[Service]\nExecStart=\nExecStart=/usr/bin/cri-dockerd --container-runtime-endpoint fd:// --pod-infra-container-image=registry.k8s.io/pause:${pause} --network-plugin=cni\n`,
    );
  });

  it('takes the pause image from the plan’s repository and the download root from its mirrors', () => {
    const env = envOf(
      dockerd({
        imageRepository: 'registry.example.com/k8s',
        mirrors: { criDockerdReleases: 'https://files.example.com/cri-dockerd/' },
      }),
    );
    expect(env.CRI_DOCKERD_URL).toBe('https://files.example.com/cri-dockerd/v0.3.16');
    expect(env.CRI_DOCKERD_DROPIN_TEXT).toContain(
      '--pod-infra-container-image=registry.example.com/k8s/pause:',
    );
  });

  it('gives docker and containerd plans no cri-dockerd settings', () => {
    expect(envOf(modernPlan()).CRI_DOCKERD_URL).toBeUndefined();
    const guide = { ...modernPlan(), kubernetesVersion: '1.18.2', runtime: 'docker' as const };
    const env = envOf({ ...guide, mirrorProfile: 'china' });
    expect(env.CRI_DOCKERD_URL).toBeUndefined();
    expect(env.CRI_ENDPOINT).toBe('unix:///var/run/dockershim.sock');
  });

  it('refuses docker itself on 1.24+ and cri-dockerd before 1.24 (dockershim still there)', () => {
    expect(validatePlan({ ...modernPlan(), runtime: 'docker' }, ctx).map((e) => e.field)).toEqual([
      'runtime',
    ]);
    const old = dockerd({ kubernetesVersion: '1.23.17', mirrorProfile: 'china' });
    expect(validatePlan(old, ctx).map((e) => e.field)).toEqual(['runtime']);
  });

  it('names the package file published for a distribution', () => {
    expect(criDockerdDebAsset('ubuntu-jammy', 'amd64')).toBe(
      'cri-dockerd_0.3.16.3-0.ubuntu-jammy_amd64.deb',
    );
    expect(CRI_DOCKERD.socket).toBe('unix:///var/run/cri-dockerd.sock');
  });
});
