// Verification after an install on the practice lab (instance 6, see ../preflight/helpers.ts):
// the seed guide's commands install the cluster (as tests/integration/lab does), then
// verifyCluster runs kubectl on master1 over SSH. Guide: everything green (DNS through busybox
// 1.28's nslookup, credential expiry from kubeadm); firewall-8472: the pod
// ping matrix shows exactly the pairs through node2's dropped VXLAN port. Needs root.
import { afterAll, describe, expect, it } from 'vitest';
import { verifyCluster } from '../../../main/verify/verifyService';
import { lab, up, withDeps } from '../preflight/helpers';
import { installGuide, sh } from './guide';

afterAll(() => {
  expect(lab('down').code).toBe(0);
});

const broken = (cells: Array<{ from: string; to: string; ok: boolean }>): string[] =>
  cells
    .filter((c) => !c.ok)
    .map((c) => `${c.from}→${c.to}`)
    .sort();

describe('verification on the guide cluster', () => {
  it('nodes Ready, API ready, pod ping matrix all green, test pods removed', async () => {
    const project = up('guide');
    await installGuide(project);
    const out = await withDeps(project, (deps) =>
      verifyCluster(project.nodes, project.plan, deps.remote),
    );
    const v = out.verification;
    expect(v.nodes.map((n) => `${n.name} ${n.status}`)).toEqual([
      'master1 Ready',
      'node1 Ready',
      'node2 Ready',
    ]);
    expect(v.apiServer.status).toBe('ok');
    const ping = v.matrices.find((m) => m.probe === 'pod-ping');
    expect(ping?.cells).toHaveLength(6);
    expect(broken(ping?.cells ?? [])).toEqual([]);
    expect(out.testPods.map((p) => p.node).sort()).toEqual(['master1', 'node1', 'node2']);
    expect(out.leftPods).toEqual([]);
    expect(sh('master1', 'kubectl get pods -o wide')).not.toContain('kubelab-verify-');
    // busybox:1.28's nslookup from a test pod, through CoreDNS on the service CIDR 10.20/16.
    expect(v.dns).toEqual([
      { name: 'kubernetes.default.svc.k8stest.local', status: 'ok', answer: '10.20.0.1' },
    ]);
    // Credential expiry from kubeadm on master1: token ids only, certificates and CAs.
    const c = out.verification.credentials;
    const listed = sh('master1', "kubeadm token list | awk 'NR>1 {print $1}'").trim().split('\n');
    expect(c?.tokens.map((t) => t.id).sort()).toEqual(listed.map((t) => t.split('.')[0]).sort());
    for (const t of c?.tokens ?? []) {
      expect(t.id).toMatch(/^[a-z0-9]{6}$/);
      expect(Date.parse(t.expiresAt ?? '')).toBeGreaterThan(Date.now());
    }
    const json = JSON.stringify(out.verification);
    for (const t of listed) expect(json).not.toContain(t.split('.')[1] ?? t);
    // 1.18: `kubeadm alpha certs check-expiration`; a year for certificates, ten for the CAs.
    expect(c?.certificates.map((x) => x.name)).toEqual([
      'admin.conf',
      'apiserver',
      'apiserver-etcd-client',
      'apiserver-kubelet-client',
      'controller-manager.conf',
      'etcd-healthcheck-client',
      'etcd-peer',
      'etcd-server',
      'front-proxy-client',
      'scheduler.conf',
      'ca',
      'etcd-ca',
      'front-proxy-ca',
    ]);
    const year = 365 * 24 * 3600_000;
    for (const x of c?.certificates ?? []) {
      const left = Date.parse(x.expiresAt) - Date.now();
      expect(left, x.name).toBeGreaterThan((x.authority ? 9 : 0.9) * year);
    }
  });
});

describe('verification with firewall-8472', () => {
  it('shows exactly the pairs through node2 broken', async () => {
    const project = up('firewall-8472');
    await installGuide(project);
    const out = await withDeps(project, (deps) =>
      verifyCluster(project.nodes, project.plan, deps.remote),
    );
    const ping = out.verification.matrices.find((m) => m.probe === 'pod-ping');
    expect(broken(ping?.cells ?? [])).toEqual([
      'master1→node2',
      'node1→node2',
      'node2→master1',
      'node2→node1',
    ]);
    expect(out.leftPods).toEqual([]);
  });
});
