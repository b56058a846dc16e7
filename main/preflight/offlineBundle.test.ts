// The offline preflight (issue 22): scripts/offline.sh run here on a bundle folder with a real
// .deb (built by dpkg-deb), its output parsed, and the check's verdict naming what is missing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BundleMachine } from '../../common/bundle/schema';
import { guidePlan } from '../../common/plan/presets';
import { offlineBundleResult, offlineWants, parseOfflineProbe } from './offlineBundle';

const SCRIPT = readFileSync(join(import.meta.dirname, 'scripts', 'offline.sh'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'kubelab-offline-preflight-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function deb(out: string, name: string, version: string): void {
  const root = join(dir, `pkg-${name}`);
  mkdirSync(join(root, 'DEBIAN'), { recursive: true });
  writeFileSync(
    join(root, 'DEBIAN', 'control'),
    `Package: ${name}\nVersion: ${version}\nArchitecture: amd64\nMaintainer: lab <lab@example.org>\nDescription: test\n`,
  );
  const r = spawnSync('dpkg-deb', ['--build', root, out], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}

function probe(bundle: string, packages: string[], images: string[]): string {
  const r = spawnSync('bash', ['-c', SCRIPT], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      KL_BUNDLE_DIR: bundle,
      KL_FAMILY: 'deb',
      KL_ARCH: 'amd64',
      KL_PACKAGES: packages.join('\n'),
      KL_IMAGES: images.join('\n'),
    },
  });
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('offline preflight', { timeout: 60_000 }, () => {
  it('reads the bundle’s package files and archives, naming each one missing', () => {
    const bundle = join(dir, 'bundle');
    const pkgs = join(bundle, 'packages', 'deb', 'amd64');
    mkdirSync(pkgs, { recursive: true });
    mkdirSync(join(bundle, 'images', 'amd64', 'registry.k8s.io'), { recursive: true });
    writeFileSync(join(bundle, 'manifest.json'), '{}');
    deb(join(pkgs, 'kubeadm_1.27.16-1.1_amd64.deb'), 'kubeadm', '1.27.16-1.1');
    deb(join(pkgs, 'kubelet_1.27.15-1.1_amd64.deb'), 'kubelet', '1.27.15-1.1');
    writeFileSync(join(bundle, 'images/amd64/registry.k8s.io/pause_3.9.oci.tar'), 'x');
    const out = probe(
      bundle,
      ['kubeadm 1.27.16', 'kubelet 1.27.16', 'conntrack'],
      [
        'images/amd64/registry.k8s.io/pause_3.9.oci.tar',
        'images/amd64/registry.k8s.io/etcd_3.5.12-0.oci.tar',
      ],
    );
    expect(out).toContain('package kubeadm ok 1.27.16-1.1\n');
    const p = parseOfflineProbe(out);
    expect(p).toEqual({
      bundle: true,
      manifest: true,
      missingPackages: ['kubelet (bundle has 1.27.15-1.1)', 'conntrack'],
      packagesOk: 1,
      missingImages: ['images/amd64/registry.k8s.io/etcd_3.5.12-0.oci.tar'],
      imagesOk: 1,
    });
    const r = offlineBundleResult('cp1', p, out);
    expect(r).toMatchObject({
      checkId: 'offline-bundle',
      status: 'fail',
      severity: 'block',
      nodeIds: ['cp1'],
    });
    expect(r.message.en).toContain(
      'package kubelet (bundle has 1.27.15-1.1); package conntrack; image images/amd64/registry.k8s.io/etcd_3.5.12-0.oci.tar',
    );
  });

  it('with no bundle pushed says to push it first, naming plan.offline', () => {
    const out = probe(join(dir, 'nothing-here'), ['kubeadm 1.27.16'], []);
    expect(out).toBe('bundle absent\n@@KL:end\n');
    const r = offlineBundleResult('worker1', parseOfflineProbe(out), out);
    expect(r.status).toBe('fail');
    expect(r.nodeIds).toEqual(['worker1']);
    expect(r.message.en).toContain('(plan.offline)');
    expect(r.message.en).toContain('push the bundle first (kubelab bundle push)');
    expect(r.message.zh).toContain('kubelab bundle push');
  });

  it('passes when everything is there, and is unknown when the probe did not finish', () => {
    const pass = offlineBundleResult(
      'cp1',
      parseOfflineProbe(
        'bundle present\nmanifest present\npackage kubeadm ok 1.18.2-00\nimage a ok\n@@KL:end\n',
      ),
      '',
    );
    expect(pass.status).toBe('pass');
    expect(pass.message.en).toContain('every package (1) and image archive (1)');
    expect(parseOfflineProbe('bundle present\n')).toBeUndefined();
    expect(offlineBundleResult('cp1', undefined, 'timeout').status).toBe('unknown');
  });

  it('wants the plan’s exact Kubernetes packages and every image archive for the machine', () => {
    const machine: BundleMachine = {
      nodeId: 'master1',
      role: 'control-plane',
      osId: 'ubuntu',
      osIdLike: ['debian'],
      osVersion: '20.04',
      arch: 'x86_64',
    };
    const w = offlineWants({ ...guidePlan(), offline: true }, machine);
    expect(w.family).toBe('deb');
    expect(w.arch).toBe('amd64');
    expect(w.packages).toContain('kubeadm 1.18.2');
    expect(w.images).toContain('images/amd64/quay.io/coreos/flannel_v0.14.0.oci.tar');
    expect(w.images).toContain(
      'images/amd64/registry.cn-hangzhou.aliyuncs.com/google_containers/kube-apiserver_v1.18.2.oci.tar',
    );
  });
});
