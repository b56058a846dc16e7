import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guideNodes, guidePlan, modernPlan } from '../../common/plan/presets';
import { dispatch } from '../api/dispatch';
import { createBackend } from '../backend';
import { JsonSettingsStore } from '../store/jsonSettingsStore';
import { FileProjectStore } from '../store/projectStore';

async function backend(): Promise<{
  call: (name: string, payload?: unknown) => Promise<unknown>;
  dir: string;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'kubelab-plan-'));
  const projectStore = new FileProjectStore({
    schemaVersion: 1,
    nodes: guideNodes(),
    plan: guidePlan(),
  });
  const { handlers } = createBackend({
    face: 'cli',
    settingsStore: new JsonSettingsStore(join(dir, 'settings.json')),
    projectStore,
  });
  // Like window.kubelab, a call without arguments sends {}: the gate refuses a missing payload.
  return { call: (name, payload = {}) => dispatch(handlers, name, payload, { face: 'cli' }), dir };
}

describe('plan and project contract entries', () => {
  it('plan.set refuses a plan with field errors and keeps the old one', async () => {
    const { call } = await backend();
    const bad = { ...guidePlan(), podCidr: '10.20.0.0/16' };
    const set = await call('plan.set', { plan: bad });
    expect(set).toEqual({
      ok: true,
      value: { saved: false, errors: [expect.objectContaining({ field: 'serviceCidr' })] },
    });
    expect(await call('plan.get')).toEqual({ ok: true, value: guidePlan() });
    const good = { ...guidePlan(), dnsDomain: 'lab.local' };
    expect(await call('plan.set', { plan: good })).toEqual({
      ok: true,
      value: { saved: true, errors: [] },
    });
    expect(await call('plan.get')).toEqual({ ok: true, value: good });
  });

  it('plan.set refuses a malformed payload at the gate, naming the field', async () => {
    const { call } = await backend();
    const result = await call('plan.set', { plan: { ...guidePlan(), bindPort: 'x' } });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', field: 'plan.bindPort' },
    });
  });

  it('plan.preview renders the kubeadm config and the images', async () => {
    const { call } = await backend();
    const result = await call('plan.preview', { nodeName: 'master1' });
    expect(result).toMatchObject({ ok: true, value: { version: '1.18.2' } });
    const value = (result as { value: { kubeadmConfig: string; images: string[] } }).value;
    expect(value.kubeadmConfig).toContain('kind: ClusterConfiguration');
    expect(value.kubeadmConfig).toContain('name: master1');
    expect(value.images[0]).toBe(
      'registry.cn-hangzhou.aliyuncs.com/google_containers/kube-apiserver:v1.18.2',
    );
    // Where the package strings come from: the guide's Aliyun legacy repositories, resolved at install.
    expect((result as { value: { packages: unknown } }).value.packages).toEqual([
      { family: 'deb', repository: 'https://mirrors.aliyun.com/kubernetes/apt/' },
      {
        family: 'rpm',
        repository: 'https://mirrors.aliyun.com/kubernetes/yum/repos/kubernetes-el7-x86_64/',
      },
    ]);
    // Past the catalog: no image list to preview, the node's kubeadm gives it; a warning only.
    const past = { ...modernPlan(), kubernetesVersion: '1.38.0' };
    expect(await call('plan.preview', { plan: past })).toMatchObject({
      ok: true,
      value: {
        version: '1.38.0',
        images: [],
        imagesFromNode: true,
        packages: [
          { family: 'deb', repository: 'https://pkgs.k8s.io/core:/stable:/v1.38/deb/' },
          { family: 'rpm', repository: 'https://pkgs.k8s.io/core:/stable:/v1.38/rpm/' },
        ],
      },
    });
    expect(await call('plan.validate', { plan: past })).toMatchObject({
      ok: true,
      value: { errors: [], warnings: [{ field: 'kubernetesVersion' }] },
    });
    const invalid = await call('plan.preview', {
      plan: { ...guidePlan(), runtime: 'cri-dockerd' },
    });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_plan', field: 'runtime' } });
  });

  it('plan.preview of an HA plan adds the load balancer files and the warnings', async () => {
    const { call } = await backend();
    const plan = {
      ...guidePlan(),
      topology: 'stacked-etcd',
      controlPlaneEndpoint: '192.168.100.100:8443',
      loadBalancer: {
        kind: 'haproxy-keepalived',
        vip: '192.168.100.100',
        interface: 'eth0',
        virtualRouterId: 51,
      },
    };
    const result = await call('plan.preview', { plan });
    const value = (
      result as {
        value: {
          kubeadmConfig: string;
          haFiles: { path: string }[];
          warnings: { message: string }[];
        };
      }
    ).value;
    expect(value.kubeadmConfig).toContain('controlPlaneEndpoint: 192.168.100.100:8443');
    expect(value.haFiles.map((f) => f.path)).toContain('/etc/haproxy/haproxy.cfg');
    // The guide has one control plane: stacked HA with one tolerates nothing.
    expect(value.warnings[0]?.message).toMatch(/at least 3/);
    const single = (await call('plan.preview', {})) as { value: { haFiles: unknown[] } };
    expect(single.value.haFiles).toEqual([]);
  });

  it('plan.preview shows the containerd hosts.toml files the mirrors generate', async () => {
    const { call } = await backend();
    const plan = { ...modernPlan(), mirrorProfile: 'china' };
    const result = (await call('plan.preview', { plan })) as {
      value: { runtimeFiles: { path: string; content: string }[] };
    };
    const paths = result.value.runtimeFiles.map((f) => f.path);
    expect(paths).toContain('/etc/containerd/certs.d/docker.io/hosts.toml');
    expect(result.value.runtimeFiles[0]?.content).toContain(
      '[host."https://docker.m.daocloud.io"]',
    );
  });

  it('catalog.versions and catalog.images answer from the catalog', async () => {
    const { call } = await backend();
    const versions = (await call('catalog.versions')) as {
      value: { versions: { version: string }[]; newest: string };
    };
    expect(versions.value.versions[0]?.version).toBe('1.18.2');
    expect(versions.value.newest).toBe('1.37.2');
    expect(await call('catalog.images', { version: '1.18.2' })).toMatchObject({
      ok: true,
      value: { verified: true, images: expect.arrayContaining(['k8s.gcr.io/coredns:1.6.7']) },
    });
    expect(await call('catalog.images', { version: '1.2' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_version', field: 'version' },
    });
    expect(
      await call('catalog.images', { version: '1.18.2', imageRepository: 'x;y' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', field: 'imageRepository' },
    });
  });

  it('project.save and project.open go through kubelab.yaml, .yaml paths only', async () => {
    const { call, dir } = await backend();
    const path = join(dir, 'kubelab.yaml');
    expect(await call('project.save', { path })).toEqual({ ok: true, value: { path } });
    expect(await readFile(path, 'utf8')).toContain('advertiseAddress: 192.168.100.111');
    expect(await call('project.open', { path })).toMatchObject({
      ok: true,
      value: { path, project: { plan: guidePlan() } },
    });
    expect(await call('project.save', { path: join(dir, '.bashrc') })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', field: 'path' },
    });
  });
});
