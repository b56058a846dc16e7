import { spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INSTALL_STEP_IDS, DAY2_STEP_IDS, UPGRADE_STEP_IDS } from '../../common/catalog/steps';
import { guideNodes, guidePlan, modernPlan } from '../../common/plan/presets';
import { runInstall } from '../engine/runner';
import { envLines } from '../ssh/quote';
import { ADD_NODE_STEPS, INSTALL_STEPS, RESET_CLUSTER_STEPS, RESET_NODE_STEPS } from './index';
import { composeScript } from './scriptStep';

const SCRIPTS = join(import.meta.dirname, 'scripts');
const scriptFiles = readdirSync(SCRIPTS).filter((f) => f.endsWith('.sh'));

describe('step scripts', () => {
  it('has one script per catalog step, plus the shared library', () => {
    const ids = [...INSTALL_STEP_IDS, ...DAY2_STEP_IDS, ...UPGRADE_STEP_IDS]
      .map((id) => `${id}.sh`)
      .sort();
    expect(scriptFiles.filter((f) => f !== 'lib.sh').sort()).toEqual(ids);
  });

  it(
    'are ShellCheck-clean on their own and as run (library + script)',
    { timeout: 120_000 },
    () => {
      const alone = spawnSync('shellcheck', ['-x', ...scriptFiles], {
        cwd: SCRIPTS,
        encoding: 'utf8',
      });
      expect(alone.stdout + alone.stderr).toBe('');
      expect(alone.status).toBe(0);
      for (const f of scriptFiles.filter((x) => x !== 'lib.sh')) {
        const composed = composeScript(readFileSync(join(SCRIPTS, f), 'utf8'));
        const r = spawnSync('shellcheck', ['-s', 'bash', '-'], {
          input: composed,
          encoding: 'utf8',
        });
        expect(`${f}: ${r.stdout}`).toBe(`${f}: `);
      }
    },
  );

  it('start with set -euo pipefail and document their environment', () => {
    for (const f of scriptFiles.filter((x) => x !== 'lib.sh')) {
      const text = readFileSync(join(SCRIPTS, f), 'utf8');
      expect(text, f).toMatch(/^#!\/bin\/bash\n(#.*\n)*set -euo pipefail\n/);
      expect(text, f).toMatch(/^# Env: /m);
    }
  });
});

describe('quoting', () => {
  it('round-trips 10,000 random strings through bash unchanged', () => {
    const values: string[] = [];
    const alphabet = `'"\\$\`!*?[]{}();&|<>~#%^ \t\n\r=-_.,:/@+${'\u00e9\u4e2d\u{1f600}'}`;
    for (let i = 0; i < 10_000; i++) {
      const kind = i % 3;
      const len = randomInt(0, 40);
      let s = '';
      if (kind === 0) s = randomBytes(len).toString('latin1').replace(/\0/g, 'x');
      else for (let j = 0; j < len; j++) s += [...alphabet][randomInt(0, [...alphabet].length)];
      if (kind === 2) s = `$(touch /tmp/kubelab-pwned-${i})'; echo ${s}`;
      values.push(s);
    }
    const env = Object.fromEntries(values.map((v, i) => [`V${i}`, v]));
    // What the SSH layer sends: export lines, evaluated by bash, then each value printed back.
    const script = `${envLines(env)}for i in $(seq 0 ${values.length - 1}); do n="V$i"; printf '%s\\0' "\${!n}"; done`;
    // On stdin: the script is larger than one command-line argument may be.
    const r = spawnSync('bash', ['-s'], {
      input: script,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(r.status).toBe(0);
    const back = r.stdout.split('\0').slice(0, -1);
    expect(back).toHaveLength(values.length);
    for (let i = 0; i < values.length; i++)
      if (back[i] !== values[i]) expect([i, back[i]]).toEqual([i, values[i]]);
    // A correctness test that spawns bash over 10,000 values: slow on a loaded machine, not timed.
  }, 60_000);
});

describe('step environments from the guide plan', () => {
  const plan = { ...guidePlan(), advertiseAddress: '192.168.100.111' };
  const nodes = guideNodes();

  it('renders every task of the guide without touching a node', async () => {
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
    expect(rendered).toHaveLength(21);
    const env = (step: string, node = 'master1'): Record<string, string> =>
      rendered.find((t) => t.stepId === step && t.nodeId === node)?.env ?? {};
    for (const t of rendered) {
      expect(t.script, `${t.stepId} on ${t.nodeId}`).not.toMatch(/^# cannot render/);
      expect(t.env.KL_MODE).toBe('apply');
      for (const v of Object.values(t.env)) expect(typeof v).toBe('string');
    }
    expect(env('prepare-os')).toMatchObject({ FIREWALL: 'disable', RUNTIME: 'docker' });
    expect(env('prepare-os').OPEN_PORTS).toContain('6443/tcp');
    expect(env('prepare-os', 'node1').OPEN_PORTS).toContain('8472/udp');
    expect(JSON.parse(env('container-runtime').DOCKER_DAEMON_JSON ?? '{}')).toMatchObject({
      'exec-opts': ['native.cgroupdriver=systemd'],
      'registry-mirrors': ['https://docker.m.daocloud.io'],
    });
    expect(env('container-runtime').DOCKER_CE_URL).toBe(
      'https://mirrors.aliyun.com/docker-ce/linux',
    );
    expect(env('kube-packages')).toMatchObject({
      DEB_REPO_URL: 'https://mirrors.aliyun.com/kubernetes/apt/',
      DEB_SUITE: 'kubernetes-xenial main',
      K8S_VERSION: '1.18.2',
    });
    expect(env('enable-kubelet', 'node2').NODE_IP).toBe('192.168.100.117');
    expect(env('pull-images').IMAGES?.split('\n')).toHaveLength(7);
    expect(env('pull-images', 'node1').IMAGES).toBe(
      'registry.cn-hangzhou.aliyuncs.com/google_containers/kube-proxy:v1.18.2\nregistry.cn-hangzhou.aliyuncs.com/google_containers/pause:3.2',
    );
    const config = env('kubeadm-init').KUBEADM_CONFIG ?? '';
    for (const s of [
      'advertiseAddress: 192.168.100.111',
      'podSubnet: 10.10.0.0/16',
      'serviceSubnet: 10.20.0.0/16',
      'dnsDomain: k8stest.local',
      '- swap',
    ]) {
      expect(config).toContain(s);
    }
    expect(env('install-cni')).toMatchObject({
      CNI_PLUGIN: 'flannel',
      POD_CIDR: '10.10.0.0/16',
      CNI_NAMESPACE: 'kube-system',
      CNI_DAEMONSET: 'kube-flannel-ds',
      CNI_IMAGE_MAP: 'quay.io/coreos/flannel:v0.14.0 quay.m.daocloud.io/coreos/flannel:v0.14.0',
    });
    // The join token is a dry-run placeholder, never a real secret; it travels inside the
    // JoinConfiguration (a root-only file on the node), never as an argument.
    const joinConfig = env('join-node', 'node1').JOIN_CONFIG ?? '';
    expect(joinConfig).toContain('apiVersion: kubeadm.k8s.io/v1beta2\nkind: JoinConfiguration');
    expect(joinConfig).toContain('token: <kubeadm-init.token on master1>');
    expect(joinConfig).toContain('apiServerEndpoint: 192.168.100.111:6443');
    expect(env('join-node', 'node1').JOIN_TOKEN).toBeUndefined();
    expect(env('join-node', 'node1').JOIN_ENDPOINT).toBe('192.168.100.111:6443');
    expect(env('wait-ready').EXPECTED_IPS).toBe('192.168.100.111 192.168.100.116 192.168.100.117');
    // The machines by address: two of them registered as one Node are named in the failure.
    expect(env('wait-ready').EXPECTED_NODES).toBe(
      '192.168.100.111 master1\n192.168.100.116 node1\n192.168.100.117 node2',
    );
  });

  it('renders the modern plan and the day-2 lists', async () => {
    for (const [steps, p] of [
      [INSTALL_STEPS, modernPlan('192.168.100.111')],
      [ADD_NODE_STEPS, plan],
      [RESET_NODE_STEPS, plan],
      [RESET_CLUSTER_STEPS, plan],
    ] as const) {
      const r = await runInstall({
        steps,
        nodes,
        plan: p,
        dryRun: true,
        remoteFor: () => {
          throw new Error('no');
        },
      });
      for (const t of r.rendered ?? []) expect(t.script).not.toMatch(/^# cannot render/);
    }
  });
});
