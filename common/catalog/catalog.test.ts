import { describe, expect, it } from 'vitest';
import { cniRelease } from './cni';
import { controlPlaneModes, healthCommands } from './controlPlane';
import { resolveVersion, type ResolvedVersion } from './images';
import { KUBERNETES_MINORS } from './kubernetesVersions';
import { MIRRORS, mirrorImage } from './mirrors';
import { packageRepo } from './packages';
import { DAY2_STEP_IDS, INSTALL_STEP_IDS, STEPS, UPGRADE_STEP_IDS } from './steps';

function v(text: string): ResolvedVersion {
  const resolved = resolveVersion(text);
  if (!resolved) throw new Error(text);
  return resolved;
}

describe('package repositories', () => {
  it('uses the guide’s kubernetes-xenial repo on the China mirror for 1.18', () => {
    const repo = packageRepo(v('1.18.2'), MIRRORS.china, 'deb');
    expect(repo).toMatchObject({
      layout: 'legacy',
      url: 'https://mirrors.aliyun.com/kubernetes/apt/',
      suite: 'kubernetes-xenial main',
      gpgKeys: ['https://mirrors.aliyun.com/kubernetes/apt/doc/apt-key.gpg'],
    });
    expect(packageRepo(v('1.18.2'), MIRRORS.china, 'rpm')?.url).toBe(
      'https://mirrors.aliyun.com/kubernetes/yum/repos/kubernetes-el7-x86_64/',
    );
  });

  it('has no upstream repo for legacy versions (shut down in 2024)', () => {
    expect(packageRepo(v('1.23'), MIRRORS.upstream, 'deb')).toBeUndefined();
  });

  it('uses the per-minor pkgs.k8s.io layout from 1.24, upstream and on Aliyun', () => {
    expect(packageRepo(v('1.28.2'), MIRRORS.upstream, 'deb')).toMatchObject({
      url: 'https://pkgs.k8s.io/core:/stable:/v1.28/deb/',
      suite: '/',
      gpgKeys: ['https://pkgs.k8s.io/core:/stable:/v1.28/deb/Release.key'],
    });
    expect(packageRepo(v('1.28.2'), MIRRORS.china, 'rpm')).toMatchObject({
      url: 'https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.28/rpm/',
      gpgKeys: [
        'https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.28/rpm/repodata/repomd.xml.key',
      ],
    });
  });
});

describe('CNI and mirrors', () => {
  it('has a flannel and a calico release for every minor', () => {
    for (const m of KUBERNETES_MINORS) {
      expect(cniRelease('flannel', m.minor), `flannel 1.${m.minor}`).toBeDefined();
      expect(cniRelease('calico', m.minor), `calico 1.${m.minor}`).toBeDefined();
    }
  });

  it('rewrites CNI images to the China registry mirrors', () => {
    const reg = MIRRORS.china.registries;
    expect(mirrorImage('ghcr.io/flannel-io/flannel:v0.26.7', reg)).toBe(
      'ghcr.m.daocloud.io/flannel-io/flannel:v0.26.7',
    );
    expect(mirrorImage('docker.io/calico/cni:v3.26.4', reg)).toBe(
      'docker.m.daocloud.io/calico/cni:v3.26.4',
    );
    expect(mirrorImage('calico/node:v3.18.6', reg)).toBe(
      'docker.m.daocloud.io/calico/node:v3.18.6',
    );
    expect(mirrorImage('quay.io/coreos/flannel:v0.14.0', reg)).toBe(
      'quay.m.daocloud.io/coreos/flannel:v0.14.0',
    );
    expect(mirrorImage('registry.k8s.io/pause:3.9', reg)).toBe('registry.k8s.io/pause:3.9');
  });
});

describe('control plane and health', () => {
  it('offers self-hosting only where kubeadm still has the pivot (before 1.21)', () => {
    const selfHosted = (minor: string): boolean | undefined =>
      controlPlaneModes(v(minor).entry).find((m) => m.mode === 'self-hosted')?.available;
    expect(selfHosted('1.18')).toBe(true);
    expect(selfHosted('1.20')).toBe(true);
    expect(selfHosted('1.21')).toBe(false);
    expect(selfHosted('1.34')).toBe(false);
  });

  it('replaces kubectl get cs with /readyz from 1.19', () => {
    expect(healthCommands(v('1.18').entry).legacy.deprecated).toBe(false);
    expect(healthCommands(v('1.19').entry).controlPlane).toBe(
      "kubectl get --raw='/readyz?verbose'",
    );
  });
});

describe('step catalog', () => {
  it('lists install steps then day-2 steps, each titled in English and Chinese', () => {
    expect(STEPS.map((s) => s.id)).toEqual([
      ...INSTALL_STEP_IDS,
      ...DAY2_STEP_IDS,
      ...UPGRADE_STEP_IDS,
    ]);
    for (const step of STEPS) {
      expect(step.title.en.length).toBeGreaterThan(3);
      expect(step.title.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(step.description.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
