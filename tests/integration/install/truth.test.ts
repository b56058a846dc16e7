// The install against a lab that follows the world (issue 16): a mirror that publishes -2.1
// revisions, a mirror that lacks the planned version, cgroup v1 nodes with a 1.35+ plan, and the
// catalog's newest release. Lab instance: KUBELAB_IT_LAB_INSTANCE (as the other install suites).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, kubelab, lab, labWorkspace, nodeStatus, onNode } from './helpers';

beforeAll(() => buildCli());
afterAll(() => {
  lab('down');
});

describe('packages resolved against the repository', () => {
  it('installs 1.29.4 from a mirror that publishes it as -2.1, and the report shows it', () => {
    const ws = labWorkspace('mirror-revisions');
    const r = kubelab(ws, 'apply', '-f', ws.project);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect([...nodeStatus('cp1').values()]).toEqual(['Ready', 'Ready']);
    for (const p of ['kubeadm', 'kubelet', 'kubectl']) {
      expect(onNode('worker1', `cat /var/lib/lab-pkgs/${p}`).trim()).toBe('1.29.4-2.1');
    }
    const md = join(ws.dir, 'report.md');
    const rep = kubelab(ws, 'report', '-f', ws.project, '-o', md);
    expect(rep.code, rep.stderr).toBe(0);
    expect(readFileSync(md, 'utf8')).toContain(
      'kubeadm=1.29.4-2.1 kubectl=1.29.4-2.1 kubelet=1.29.4-2.1',
    );
  });

  it('blocks in preflight when the mirror lacks the version, before anything is installed', () => {
    const ws = labWorkspace('mirror-missing');
    const missing =
      'The Kubernetes repository https://pkgs.k8s.io/core:/stable:/v1.34/deb/ has no kubeadm 1.34.0; nearest available: 1.34.1-1.1, 1.34.2-1.1, 1.34.3-1.1';
    const pre = kubelab(ws, 'preflight', '-f', ws.project, '--no-matrix');
    expect(pre.code, `${pre.stdout}\n${pre.stderr}`).toBe(3);
    expect(`${pre.stdout}\n${pre.stderr}`).toContain(missing);
    // apply runs the same preflight first and stops there (exit 3) without installing.
    const r = kubelab(ws, 'apply', '-f', ws.project);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(3);
    expect(`${r.stdout}\n${r.stderr}`).toContain(missing);
    expect(onNode('cp1', 'ls /var/lib/lab-pkgs')).not.toMatch(/^kube(let|adm|ctl)$/m);
    expect(onNode('cp1', 'ls /etc/apt/sources.list.d')).not.toMatch(/kubernetes/);
  });

  it('still stops at kube-packages, naming the mirror, when preflight is overridden', () => {
    const ws = labWorkspace('mirror-missing');
    const r = kubelab(ws, 'apply', '-f', ws.project, '--ignore-preflight');
    const all = `${r.stdout}\n${r.stderr}`;
    expect(r.code, all).not.toBe(0);
    expect(all).toContain(
      'https://pkgs.k8s.io/core:/stable:/v1.34/deb/ has no kubelet 1.34.0; nearest available: 1.34.1-1.1, 1.34.2-1.1, 1.34.3-1.1',
    );
    expect(onNode('cp1', 'ls /var/lib/lab-pkgs')).not.toMatch(/^kube(let|adm|ctl)$/m);
  });
});

describe('cgroup v1 with a 1.35+ plan', () => {
  it('is stopped in preflight with the fix offered', () => {
    const ws = labWorkspace('cgroup-v1');
    const r = kubelab(ws, 'preflight', '-f', ws.project, '--no-matrix');
    const all = `${r.stdout}\n${r.stderr}`;
    expect(r.code, all).not.toBe(0);
    expect(all).toContain('refuses to start on cgroup v1');
    expect(all).toContain('systemd.unified_cgroup_hierarchy=1');
  });
});

describe('the newest catalog release', () => {
  it('installs 1.37.1 with containerd from pkgs.k8s.io', () => {
    const ws = labWorkspace('newest');
    const r = kubelab(ws, 'apply', '-f', ws.project);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect([...nodeStatus('cp1').values()]).toEqual(['Ready', 'Ready']);
    expect(onNode('cp1', 'cat /var/lib/lab-pkgs/kubeadm').trim()).toBe('1.37.1-1.1');
    // The images came from the node's kubeadm: the 1.37 etcd and CoreDNS.
    expect(onNode('cp1', 'crictl images')).toMatch(/registry\.k8s\.io\/etcd\s+3\.7\.0-0/);
  });
});
