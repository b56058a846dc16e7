// Preflight before a first `kubelab apply`, then a retry after a failed `kubeadm init`, on the
// practice lab (scenario firewall-6443): the master's firewall drops 6443/tcp, so preflight's
// matrix blocks the install, and installed anyway, init times out in wait-control-plane after
// writing admin.conf and the static pod manifests. Once the port is open, `kubelab apply` again (the CLI's retry: it
// resumes the failed run) must not take those leftovers for a finished init: it resets the node,
// says so, runs init again and completes the install, with no cluster reset in between.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, detachedRuns, kubelab, lab, labWorkspace, nodeStatus, onNode } from './helpers';

beforeAll(() => buildCli());
afterAll(() => {
  lab('down');
});

describe('retry after a failed kubeadm init', () => {
  it('cleans the half set-up control plane, runs init again and completes the install', () => {
    const ws = labWorkspace('firewall-6443');
    // A first install runs preflight, which finds the dropped port, and stops before any step.
    const refused = kubelab(ws, 'apply', '-f', ws.project);
    expect(refused.code, `${refused.stdout}\n${refused.stderr}`).toBe(3);
    expect(refused.stdout).toMatch(/FAIL network-ports +node1,master1/);
    expect(refused.stdout).toContain('iptables -I INPUT -p tcp --dport 6443 -j ACCEPT');
    expect(refused.stderr).toContain('--ignore-preflight');
    expect(detachedRuns('master1', 'kubeadm-init')).toHaveLength(0);
    // Installed anyway: kubeadm init fails where preflight said it would.
    const first = kubelab(ws, 'apply', '-f', ws.project, '--ignore-preflight');
    expect(first.stdout).toContain('--ignore-preflight: installing anyway.');
    expect(first.code, first.stdout).not.toBe(0);
    expect(first.stdout).toMatch(/x master1 +kubeadm-init/);
    // What a failed init leaves behind, and what it never got to.
    onNode('master1', 'test -f /etc/kubernetes/admin.conf');
    expect(detachedRuns('master1', 'kubeadm-init')).toHaveLength(1);

    // The admin opens the port (what the preflight fix does on the node).
    onNode('master1', 'iptables -D INPUT -p tcp --dport 6443 -j DROP');

    const t0 = Date.now();
    const second = kubelab(ws, 'apply', '-f', ws.project);
    console.log(`retry after a failed init: ${(Date.now() - t0) / 1000} s`);
    expect(second.code, `${second.stdout}\n${second.stderr}`).toBe(0);
    // init ran again (a second detached run), after a reset the user was told about.
    expect(second.stdout).not.toMatch(/master1 +kubeadm-init +already done/);
    expect(second.stdout).toMatch(
      /master1 +kubeadm-init +\| \[kubelab\] notice: an earlier kubeadm init on this node did not finish; running kubeadm reset -f/,
    );
    expect(detachedRuns('master1', 'kubeadm-init')).toHaveLength(2);
    expect(
      onNode(
        'master1',
        'kubectl --kubeconfig /etc/kubernetes/admin.conf -n kube-public get configmap cluster-info -o name',
      ).trim(),
    ).toBe('configmap/cluster-info');
    expect([...nodeStatus('master1').values()]).toEqual(['Ready', 'Ready']);
  }, 600_000);
});
