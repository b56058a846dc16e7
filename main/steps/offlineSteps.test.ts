import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleNeeds } from '../../common/bundle/needs';
import type { BundleMachine } from '../../common/bundle/schema';
import { resolveVersion } from '../../common/catalog/images';
import type { ClusterPlan } from '../../common/model/plan';
import { packageSources } from '../../common/plan/packageSources';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { runInstall } from '../engine/runner';
import { BUNDLE_APT_LIST } from './bundle-repo';
import { ADD_NODE_STEPS, INSTALL_STEPS } from './index';

const nodes = guideNodes();
const online = guidePlan();
const offline: ClusterPlan = { ...online, offline: true };

async function render(plan: ClusterPlan) {
  const result = await runInstall({
    steps: INSTALL_STEPS,
    nodes,
    plan,
    dryRun: true,
    remoteFor: () => {
      throw new Error('a dry run must not connect');
    },
  });
  const rendered = result.rendered ?? [];
  for (const t of rendered) expect(t.script, t.stepId).not.toMatch(/^# cannot render/);
  return {
    steps: [...new Set(rendered.map((t) => t.stepId))],
    env: (step: string): Record<string, string> =>
      rendered.find((t) => t.stepId === step)?.env ?? {},
    count: (step: string): number => rendered.filter((t) => t.stepId === step).length,
  };
}

describe('an offline plan’s install (issue 22)', () => {
  it('sets up the bundle’s repository and imports images instead of pulling them', async () => {
    const r = await render(offline);
    expect(r.steps.slice(0, 6)).toEqual([
      'prepare-os',
      'bundle-repo',
      'container-runtime',
      'kube-packages',
      'enable-kubelet',
      'import-images',
    ]);
    expect(r.steps).not.toContain('pull-images');
    expect(r.count('bundle-repo')).toBe(nodes.length);
    expect(r.count('import-images')).toBe(nodes.length);
    expect(r.env('import-images')).toMatchObject({
      BUNDLE_DIR: '/var/lib/kubelab/bundle',
      RUNTIME: 'docker', // the guide's Docker: docker load
    });
  });

  it('sets up no online repository: the package steps read the bundle’s list', async () => {
    const r = await render(offline);
    const kube = r.env('kube-packages');
    expect(kube).toMatchObject({ OFFLINE: '1', BUNDLE_LIST: BUNDLE_APT_LIST });
    expect(kube.DEB_REPO_URL).toBe('file:/var/lib/kubelab/bundle/apt');
    expect(kube.RPM_REPO_URL).toBe('file:///var/lib/kubelab/bundle/rpm');
    expect(kube.DEB_KEY_URL).toBe('');
    expect(r.env('container-runtime')).toMatchObject({
      OFFLINE: '1',
      DOCKER_CE_URL: 'file:/var/lib/kubelab/bundle/apt',
    });
    // No package source of an offline install is a mirror (images are named, never pulled).
    const sources = [
      'DEB_REPO_URL',
      'DEB_KEY_URL',
      'RPM_REPO_URL',
      'RPM_KEY_URLS',
      'DOCKER_CE_URL',
    ];
    for (const step of ['kube-packages', 'container-runtime']) {
      for (const k of sources) expect(r.env(step)[k] ?? '', `${step} ${k}`).not.toMatch(/https?:/);
    }
  });

  it('applies the bundle’s CNI manifest as it is, with nothing moved to a mirror', async () => {
    const r = await render(offline);
    expect(r.env('install-cni')).toMatchObject({
      CNI_MANIFEST_FILE: expect.stringMatching(
        /^\/var\/lib\/kubelab\/bundle\/manifests\/flannel-.+\.yaml$/,
      ),
      CNI_MANIFEST_GZ_B64: '',
      CNI_IMAGE_MAP: '',
    });
  });

  it('gives kubeadm an explicit version and the repository the bundle’s images carry', async () => {
    const r = await render(offline);
    const config = r.env('kubeadm-init').KUBEADM_CONFIG ?? '';
    expect(config).toContain(`kubernetesVersion: v${offline.kubernetesVersion}`);
    const repo = /imageRepository: (\S+)/.exec(config)?.[1] ?? '';
    const machines: BundleMachine[] = nodes.map((n) => ({
      nodeId: n.id,
      role: n.role,
      osId: 'ubuntu',
      osIdLike: ['debian'],
      osVersion: '20.04',
      arch: 'x86_64',
    }));
    const images = bundleNeeds({ plan: offline, machines }).artifacts.flatMap((a) =>
      a.kind === 'image' ? [a.image] : [],
    );
    expect(images).toContain(`${repo}/kube-apiserver:v${offline.kubernetesVersion}`);
  });

  it('the plan preview names the repositories kube-packages reads offline', async () => {
    const r = await render(offline);
    const v = resolveVersion(offline.kubernetesVersion);
    if (!v) throw new Error('no version');
    expect(packageSources(offline, v)).toEqual([
      { family: 'deb', repository: r.env('kube-packages').DEB_REPO_URL },
      { family: 'rpm', repository: r.env('kube-packages').RPM_REPO_URL },
    ]);
  });

  it('leaves an online plan as it was: pull-images, no bundle step, no OFFLINE', async () => {
    const r = await render(online);
    expect(r.steps).toContain('pull-images');
    expect(r.steps).not.toContain('bundle-repo');
    expect(r.steps).not.toContain('import-images');
    expect(r.env('kube-packages').OFFLINE).toBeUndefined();
    expect(r.env('container-runtime').OFFLINE).toBeUndefined();
  });

  it('adding a machine to an offline cluster takes the same offline steps', () => {
    const ids = ADD_NODE_STEPS.map((s) => s.id);
    expect(ids).toContain('bundle-repo');
    expect(ids).toContain('import-images');
    expect(ids.indexOf('bundle-repo')).toBeLessThan(ids.indexOf('container-runtime'));
  });

  it('the apt list kube-packages reads offline is the one bundle-repo.sh writes', () => {
    const script = readFileSync(join(import.meta.dirname, 'scripts', 'bundle-repo.sh'), 'utf8');
    expect(script).toContain(`APT_LIST=${BUNDLE_APT_LIST}\n`);
  });
});
