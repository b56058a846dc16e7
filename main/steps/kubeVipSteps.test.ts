import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import { modernPlan } from '../../common/plan/presets';
import { buildGraph } from '../engine/graph';
import { runInstall } from '../engine/runner';
import { CHECK_NEEDED_EXIT } from '../engine/step';
import { INSTALL_STEPS } from './index';
import { composeScript } from './scriptStep';

const node = (id: string, last: number, role: NodeSpec['role']): NodeSpec => ({
  id,
  name: id,
  address: `192.168.100.${last}`,
  port: 22,
  user: 'root',
  auth: 'password',
  role,
  labels: {},
});
const nodes: NodeSpec[] = [
  node('master1', 111, 'control-plane'),
  node('master2', 112, 'control-plane'),
  node('master3', 113, 'control-plane'),
  node('node1', 116, 'worker'),
];
const kubeVipPlan = (kubernetesVersion: string): ClusterPlan => ({
  ...modernPlan('192.168.100.111'),
  kubernetesVersion,
  topology: 'stacked-etcd',
  controlPlaneEndpoint: '192.168.100.100:6443',
  loadBalancer: { kind: 'kube-vip', vip: '192.168.100.100', interface: 'eth0' },
});

async function render(p: ClusterPlan) {
  const result = await runInstall({
    steps: INSTALL_STEPS,
    nodes,
    plan: p,
    dryRun: true,
    remoteFor: () => {
      throw new Error('a dry run must not connect');
    },
  });
  const rendered = result.rendered ?? [];
  return {
    tasks: rendered.map((t) => `${t.stepId}@${t.nodeId}`),
    env: (step: string, nodeId: string): Record<string, string> =>
      rendered.find((t) => t.stepId === step && t.nodeId === nodeId)?.env ?? {},
  };
}

/** The host path kube-vip's kubeconfig volume mounts in a rendered manifest. */
const kubeconfigOf = (manifest: string | undefined): string | undefined =>
  /hostPath:\n\s+path: (\S+)/.exec(manifest ?? '')?.[1];

describe('kube-vip install steps', () => {
  it('writes the init manifest on the first control plane only, with super-admin.conf on ≥ 1.29', async () => {
    const { tasks, env } = await render(kubeVipPlan('1.34.0'));
    expect(tasks.filter((t) => t.startsWith('ha-load-balancer@'))).toEqual([
      'ha-load-balancer@master1',
    ]);
    const lb = env('ha-load-balancer', 'master1');
    expect(lb.LB_KIND).toBe('kube-vip');
    expect(lb.KUBE_VIP_MANIFEST_PATH).toBe('/etc/kubernetes/manifests/kube-vip.yaml');
    expect(kubeconfigOf(lb.KUBE_VIP_INIT_MANIFEST)).toBe('/etc/kubernetes/super-admin.conf');
    expect(kubeconfigOf(lb.KUBE_VIP_RUNNING_MANIFEST)).toBe('/etc/kubernetes/admin.conf');
  });

  it('uses admin.conf during init below 1.29 (no super-admin.conf there)', async () => {
    const { env } = await render(kubeVipPlan('1.28.2'));
    const lb = env('ha-load-balancer', 'master1');
    expect(kubeconfigOf(lb.KUBE_VIP_INIT_MANIFEST)).toBe('/etc/kubernetes/admin.conf');
  });

  it('runs kube-vip with admin.conf on every control plane, probing the VIP on the API port', async () => {
    const { tasks, env } = await render(kubeVipPlan('1.34.0'));
    expect(tasks.filter((t) => t.startsWith('kube-vip@'))).toEqual([
      'kube-vip@master1',
      'kube-vip@master2',
      'kube-vip@master3',
    ]);
    for (const id of ['master1', 'master2', 'master3']) {
      const e = env('kube-vip', id);
      expect(kubeconfigOf(e.KUBE_VIP_MANIFEST)).toBe('/etc/kubernetes/admin.conf');
      expect(e.VIP).toBe('192.168.100.100');
      expect(e.API_PORT).toBe('6443');
    }
    expect(tasks.some((t) => t.startsWith('kube-vip@node1'))).toBe(false);
  });

  it('switches the first control plane only after every join, one control plane at a time', () => {
    const deps = Object.fromEntries(
      buildGraph(INSTALL_STEPS, nodes, kubeVipPlan('1.34.0')).map((t) => [t.key, t.deps]),
    );
    expect(deps['kubeadm-init@master1']).toContain('ha-load-balancer@master1');
    expect(deps['kube-vip@master1']).toEqual(
      expect.arrayContaining(['join-control-plane@master2', 'join-control-plane@master3']),
    );
    expect(deps['kube-vip@master2']).toContain('kube-vip@master1');
    expect(deps['kube-vip@master3']).toContain('kube-vip@master2');
  });
});

/**
 * The two scripts run by bash in a temp directory: the manifest path points into it and a
 * stand-in curl answers /healthz through the VIP with `ok` or fails as curl -f does.
 */
describe('kube-vip scripts', () => {
  let dir = '';
  let manifest = '';
  const INIT = 'path: /etc/kubernetes/super-admin.conf\n';
  const RUNNING = 'path: /etc/kubernetes/admin.conf\n';

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kube-vip-step-'));
    mkdirSync(join(dir, 'bin'));
    manifest = join(dir, 'manifests', 'kube-vip.yaml');
    vipAnswers(true);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function vipAnswers(ok: boolean): void {
    const file = join(dir, 'bin', 'curl');
    writeFileSync(file, ok ? '#!/bin/bash\nprintf ok\n' : '#!/bin/bash\nexit 7\n');
    chmodSync(file, 0o755);
  }

  function run(step: 'ha-load-balancer' | 'kube-vip', mode: 'check' | 'apply') {
    const body = readFileSync(join(import.meta.dirname, 'scripts', `${step}.sh`), 'utf8');
    const r = spawnSync('bash', ['-c', composeScript(body)], {
      env: {
        PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`,
        KL_MODE: mode,
        KL_STEP: step,
        LB_KIND: 'kube-vip',
        KUBE_VIP_MANIFEST_PATH: manifest,
        KUBE_VIP_INIT_MANIFEST: INIT,
        KUBE_VIP_RUNNING_MANIFEST: RUNNING,
        KUBE_VIP_MANIFEST: RUNNING,
        VIP: '192.168.100.100',
        API_PORT: '6443',
      },
      encoding: 'utf8',
    });
    return { code: r.status, out: r.stdout + r.stderr };
  }

  it('ha-load-balancer writes the init manifest, and leaves the switched one alone', () => {
    expect(run('ha-load-balancer', 'check').code).toBe(CHECK_NEEDED_EXIT);
    expect(run('ha-load-balancer', 'apply').code).toBe(0);
    expect(readFileSync(manifest, 'utf8')).toBe(INIT);
    writeFileSync(manifest, RUNNING);
    expect(run('ha-load-balancer', 'check').code).toBe(0);
    writeFileSync(manifest, 'path: /somewhere/else.conf\n');
    expect(run('ha-load-balancer', 'check').code).toBe(CHECK_NEEDED_EXIT);
  });

  it('kube-vip switches the manifest to admin.conf and is done once the VIP answers', () => {
    mkdirSync(join(dir, 'manifests'));
    writeFileSync(manifest, INIT);
    const check = run('kube-vip', 'check');
    expect(check.code).toBe(CHECK_NEEDED_EXIT);
    expect(check.out).toContain("is not the plan's kube-vip manifest");
    const apply = run('kube-vip', 'apply');
    expect(apply.code, apply.out).toBe(0);
    expect(readFileSync(manifest, 'utf8')).toBe(RUNNING);
    expect(apply.out).toContain('the API answers through the VIP 192.168.100.100:6443');
  });

  it('kube-vip is needed while the VIP does not answer, even with the right manifest', () => {
    mkdirSync(join(dir, 'manifests'));
    writeFileSync(manifest, RUNNING);
    vipAnswers(false);
    const check = run('kube-vip', 'check');
    expect(check.code).toBe(CHECK_NEEDED_EXIT);
    expect(check.out).toContain('does not answer through the VIP 192.168.100.100:6443');
  });
});
