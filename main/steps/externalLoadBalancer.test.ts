// The existing load balancer's forwarding check (issue 19): where it runs in an install, what it
// probes, and its script against a stand-in curl (the real one's -sfk output: the body on 200;
// -sS prints "curl: (7) Failed to connect to …" on a refused connection, exit 7).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import { modernPlan } from '../../common/plan/presets';
import { buildGraph } from '../engine/graph';
import { externalLbEnv } from './external-load-balancer';
import { INSTALL_STEPS } from './index';
import { composeScript, type Ctx } from './scriptStep';

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
const nodes = [
  node('master1', 111, 'control-plane'),
  node('master2', 112, 'control-plane'),
  node('master3', 113, 'control-plane'),
];
const plan: ClusterPlan = {
  ...modernPlan('192.168.100.111'),
  topology: 'stacked-etcd',
  controlPlaneEndpoint: 'lb.example.internal:8443',
  loadBalancer: { kind: 'external' },
};

describe('external-load-balancer in an install', () => {
  it('runs once, on the first control plane, after kubeadm init and before any join', () => {
    const keys = buildGraph(INSTALL_STEPS, nodes, plan).map((t) => t.key);
    expect(keys.filter((k) => k.startsWith('external-load-balancer@'))).toEqual([
      'external-load-balancer@master1',
    ]);
    expect(keys.indexOf('external-load-balancer@master1')).toBeGreaterThan(
      keys.indexOf('kubeadm-init@master1'),
    );
    expect(keys.some((k) => k.startsWith('ha-load-balancer@'))).toBe(false);
    const kubeVip: ClusterPlan = {
      ...plan,
      controlPlaneEndpoint: '192.168.100.100:6443',
      loadBalancer: { kind: 'kube-vip', vip: '192.168.100.100', interface: 'eth0' },
    };
    expect(
      buildGraph(INSTALL_STEPS, nodes, kubeVip).some((t) =>
        t.key.startsWith('external-load-balancer@'),
      ),
    ).toBe(false);
  });

  it('probes the endpoint’s host and port; the API server port is the plan’s', () => {
    const env = (p: ClusterPlan) => externalLbEnv({ plan: p } as unknown as Ctx);
    expect(env(plan)).toEqual({
      LB_HOST: 'lb.example.internal',
      LB_PORT: '8443',
      APISERVER_PORT: String(plan.bindPort),
    });
    expect(env({ ...plan, controlPlaneEndpoint: 'lb.example.internal' }).LB_PORT).toBe(
      String(plan.bindPort),
    );
  });
});

const script = composeScript(
  readFileSync(join(import.meta.dirname, 'scripts', 'external-load-balancer.sh'), 'utf8'),
);
let dir = '';
const FAKE_CURL = `#!/bin/bash
echo "$*" >>"$FAKE/asked"
if [[ -f $FAKE/forwards ]]; then echo ok; exit 0; fi
case $* in
  *-sS*) echo "curl: (7) Failed to connect to lb.example.internal port 8443 after 1 ms: Connection refused" >&2 ;;
esac
exit 7
`;

function runScript(mode: 'check' | 'apply') {
  const r = spawnSync('bash', ['-c', script.replace('LB_WAIT_SECONDS=30', 'LB_WAIT_SECONDS=0')], {
    env: {
      PATH: `${dir}:${process.env.PATH ?? ''}`,
      FAKE: dir,
      KL_MODE: mode,
      KL_STEP: 'external-load-balancer',
      LB_HOST: 'lb.example.internal',
      LB_PORT: '8443',
      APISERVER_PORT: '6443',
    },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kl-external-lb-'));
  writeFileSync(join(dir, 'curl'), FAKE_CURL);
  chmodSync(join(dir, 'curl'), 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('external-load-balancer.sh', { timeout: 30_000 }, () => {
  it('done when /healthz answers ok through the endpoint', () => {
    writeFileSync(join(dir, 'forwards'), '');
    const r = runScript('check');
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, 'asked'), 'utf8')).toContain(
      'https://lb.example.internal:8443/healthz',
    );
  });

  it('a load balancer that does not forward: the error names its address, the port and curl’s reason', () => {
    rmSync(join(dir, 'forwards'), { force: true });
    expect(runScript('check').code).toBe(100);
    const r = runScript('apply');
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'the load balancer at lb.example.internal:8443 does not forward to the API servers (port 6443 on the control planes)',
    );
    expect(r.err).toContain('Connection refused');
  });
});
