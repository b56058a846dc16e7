// Verification after an install on the practice lab (instance 6, see ../preflight/helpers.ts):
// the seed guide's commands install the cluster (as tests/integration/lab does), then
// verifyCluster runs kubectl on master1 over SSH. Guide: everything green; firewall-8472: the pod
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
    console.log(
      JSON.stringify({ dns: v.dns, systemPods: v.systemPods.map((p) => `${p.name} ${p.status}`) }),
    );
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
