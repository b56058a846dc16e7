import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import { CERTIFICATE_KEY_PLACEHOLDER } from '../../common/plan/ha/certificateKey';
import { guidePlan, modernPlan } from '../../common/plan/presets';
import { buildGraph } from '../engine/graph';
import { runInstall } from '../engine/runner';
import { INSTALL_STEPS } from './index';
import { kubeadmInit } from './kubeadm-init';
import { uploadCerts } from './upload-certs';

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
  node('node2', 117, 'worker'),
];
const plan: ClusterPlan = {
  ...modernPlan('192.168.100.111'),
  topology: 'stacked-etcd',
  controlPlaneEndpoint: '192.168.100.100:8443',
  loadBalancer: {
    kind: 'haproxy-keepalived',
    vip: '192.168.100.100',
    interface: 'eth0',
    virtualRouterId: 51,
  },
};

async function render(p: ClusterPlan, ns: readonly NodeSpec[]) {
  const result = await runInstall({
    steps: INSTALL_STEPS,
    nodes: ns,
    plan: p,
    dryRun: true,
    remoteFor: () => {
      throw new Error('a dry run must not connect');
    },
  });
  const rendered = result.rendered ?? [];
  for (const t of rendered) expect(t.script, t.stepId).not.toMatch(/^# cannot render/);
  return {
    tasks: rendered.map((t) => `${t.stepId}@${t.nodeId}`),
    env: (step: string, nodeId: string): Record<string, string> =>
      rendered.find((t) => t.stepId === step && t.nodeId === nodeId)?.env ?? {},
  };
}

describe('HA install steps (haproxy + keepalived, stacked etcd)', () => {
  it('sets up the load balancer on every control plane and joins the others as control planes', async () => {
    const { tasks } = await render(plan, nodes);
    expect(tasks.filter((t) => t.startsWith('ha-load-balancer@'))).toEqual([
      'ha-load-balancer@master1',
      'ha-load-balancer@master2',
      'ha-load-balancer@master3',
    ]);
    expect(tasks.filter((t) => t.startsWith('kubeadm-init@'))).toEqual(['kubeadm-init@master1']);
    expect(tasks.filter((t) => t.startsWith('join-control-plane@'))).toEqual([
      'join-control-plane@master2',
      'join-control-plane@master3',
    ]);
    expect(tasks.filter((t) => t.startsWith('join-node@'))).toEqual([
      'join-node@node1',
      'join-node@node2',
    ]);
  });

  it('writes the plan’s files: keepalived MASTER on the first control plane, BACKUP elsewhere', async () => {
    const { env } = await render(plan, nodes);
    const first = env('ha-load-balancer', 'master1');
    const second = env('ha-load-balancer', 'master2');
    expect(first.KEEPALIVED_CONF).toContain('state MASTER');
    expect(first.KEEPALIVED_CONF).toContain('priority 101');
    expect(second.KEEPALIVED_CONF).toContain('state BACKUP');
    expect(first.KEEPALIVED_CONF).toContain('virtual_router_id 51');
    expect(first.HAPROXY_CFG).toContain('bind *:8443');
    for (const [name, last] of [
      ['master1', 111],
      ['master2', 112],
      ['master3', 113],
    ] as const) {
      expect(first.HAPROXY_CFG).toContain(`server ${name} 192.168.100.${last}:6443 check`);
    }
    expect(first.HAPROXY_CFG).toBe(second.HAPROXY_CFG);
    expect(first.CHECK_APISERVER).toContain('https://192.168.100.100:8443/');
  });

  it('inits with --upload-certs from a config that holds only the placeholder key', async () => {
    const { env } = await render(plan, nodes);
    const init = env('kubeadm-init', 'master1');
    expect(init.UPLOAD_CERTS).toBe('1');
    expect(init.CERT_KEY_PLACEHOLDER).toBe(CERTIFICATE_KEY_PLACEHOLDER);
    expect(init.KUBEADM_CONFIG).toContain(`certificateKey: ${CERTIFICATE_KEY_PLACEHOLDER}`);
    expect(init.KUBEADM_CONFIG).toContain('controlPlaneEndpoint: 192.168.100.100:8443');
    expect(kubeadmInit.secretOutputs).toEqual(['token', 'certificateKey']);
  });

  it('joins control planes through the VIP with the key in the JoinConfiguration, never as an argument', async () => {
    const { env } = await render(plan, nodes);
    const join = env('join-control-plane', 'master3');
    expect(join.JOIN_CONFIG).toContain('apiServerEndpoint: 192.168.100.100:8443');
    expect(join.JOIN_CONFIG).toContain('advertiseAddress: 192.168.100.113');
    expect(join.JOIN_CONFIG).toContain('bindPort: 6443');
    // The key of the latest upload: upload-certs re-uploads an expired kubeadm-certs Secret.
    expect(join.JOIN_CONFIG).toContain('certificateKey: <upload-certs.certificateKey on master1>');
    expect(join.JOIN_CONFIG).toContain('token: <kubeadm-init.token on master1>');
    expect(Object.keys(join).sort()).toEqual([
      'CRI_SOCKET',
      'JOIN_CA_HASH',
      'JOIN_CONFIG',
      'JOIN_ENDPOINT',
      'KL_MODE',
      'KL_STEP',
    ]);
    // Workers join through the VIP too, without a controlPlane section.
    const worker = env('join-node', 'node1');
    expect(worker.JOIN_ENDPOINT).toBe('192.168.100.100:8443');
    expect(worker.JOIN_CONFIG).not.toContain('controlPlane');
  });

  it('checks the kubeadm-certs Secret once, on the first control plane, long enough for both joins', async () => {
    const { tasks, env } = await render(plan, nodes);
    expect(tasks.filter((t) => t.startsWith('upload-certs@'))).toEqual(['upload-certs@master1']);
    expect(tasks.indexOf('upload-certs@master1')).toBeLessThan(
      tasks.indexOf('join-control-plane@master2'),
    );
    expect(env('upload-certs', 'master1').CERTS_MIN_SECONDS).toBe(String(2 * 20 * 60));
    expect(uploadCerts.secretOutputs).toEqual(['certificateKey']);
  });

  it('joins the control planes one at a time, workers in parallel', () => {
    const deps = Object.fromEntries(
      buildGraph(INSTALL_STEPS, nodes, plan).map((t) => [t.key, t.deps]),
    );
    expect(deps['join-control-plane@master3']).toContain('join-control-plane@master2');
    expect(deps['join-control-plane@master2']).toContain('kubeadm-init@master1');
    expect(deps['join-control-plane@master2']).toContain('upload-certs@master1');
    expect(deps['upload-certs@master1']).toContain('kubeadm-init@master1');
    expect(deps['join-node@node2']).not.toContain('join-node@node1');
  });

  it('adds nothing to a single control plane: no load balancer, no upload-certs', async () => {
    const single = { ...guidePlan(), advertiseAddress: '192.168.100.111' };
    const { tasks, env } = await render(single, nodes.slice(0, 1).concat(nodes.slice(3)));
    expect(tasks.some((t) => t.startsWith('ha-load-balancer@'))).toBe(false);
    expect(tasks.some((t) => t.startsWith('join-control-plane@'))).toBe(false);
    expect(tasks.some((t) => t.startsWith('upload-certs@'))).toBe(false);
    expect(env('kubeadm-init', 'master1').UPLOAD_CERTS).toBeUndefined();
  });
});
