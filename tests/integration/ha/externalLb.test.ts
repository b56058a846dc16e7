// Issue 19 with an EXISTING load balancer (plan loadBalancer.kind `external`) on the practice lab:
// scenario ha-external (two control planes and a separate machine `lb` running Debian's real
// haproxy, TCP :6443 → the control planes' 6443) on its own lab instance (41,
// HA_EXTERNAL_LAB_INSTANCE). kubelab does not configure that machine; its preflight warns when
// the address answers nothing, and its external-load-balancer step proves the forwarding through
// /healthz once the first control plane is up, naming the address and the URL it tried when
// haproxy points at the wrong port. Needs root.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HaTopology } from '../../../common/contracts/cluster';
import { composeScript } from '../../../main/steps/scriptStep';
import { labSuite, REPO, type Result } from '../labSuite';

const suite = labSuite({
  name: 'ha-external',
  instanceVar: 'HA_EXTERNAL_LAB_INSTANCE',
  defaultInstance: '41',
});
const { project, lab, kubelab } = suite;
/** A root command inside a lab node; its result, failing or not, is the test's to read. */
const onNode = (node: string, command: string): Result => lab('exec', node, 'bash', '-c', command);

/** `kubelab ha-status --json`: the live HA topology the UI's panel shows (cluster.haTopology). */
function haStatus(): HaTopology {
  const r = kubelab('ha-status', '-f', project, '--json', '--accept-new-host-keys');
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as HaTopology;
}

/** The plan's controlPlaneEndpoint: lab.sh project puts the lb machine's address:6443 there. */
let endpoint = '';

beforeAll(() => {
  suite.setUp('ha-external');
  endpoint = /controlPlaneEndpoint: "([\d.]+:\d+)"/.exec(readFileSync(project, 'utf8'))?.[1] ?? '';
}, 300_000);

afterAll(() => {
  expect(suite.tearDown()).toBe(0);
});

describe('HA control plane behind an existing (external) load balancer', () => {
  it('preflight warns when the load balancer address answers nothing at all', () => {
    expect(endpoint).toMatch(/\.13:6443$/);
    // The lb machine's link cut: no ping, no TCP, no ARP from the control planes.
    expect(lab('fault', 'lb', 'link-down').code).toBe(0);
    try {
      const pf = kubelab('preflight', '-f', project, '--no-matrix', '--accept-new-host-keys');
      expect(pf.stdout).toMatch(
        new RegExp(
          `WARN external-lb-answers\\s+master1\\s+Nothing answers at the load balancer address ${endpoint.replace(/\./g, '\\.')} from master1`,
        ),
      );
    } finally {
      lab('fault', 'lb', 'link-up');
    }
  }, 120_000);

  it('installs through the load balancer: the check passes after init, master2 joins through it', () => {
    const apply = kubelab('apply', '-f', project, '--accept-new-host-keys');
    const all = `${apply.stdout}\n${apply.stderr}`;
    expect(apply.code, all).toBe(0);
    // The check ran once init was up (its first probe already answered: "already done").
    expect(all).toMatch(/[+=] master1\s+external-load-balancer/);
    // admin.conf's server is the endpoint: every kubectl below goes through the real haproxy.
    expect(onNode('master2', 'grep server: /etc/kubernetes/admin.conf').stdout).toContain(
      `https://${endpoint}`,
    );
    const nodes = onNode(
      'master2',
      'kubectl --kubeconfig /etc/kubernetes/admin.conf --request-timeout=10s get nodes -o name',
    );
    expect(nodes.code, nodes.stderr).toBe(0);
    expect(nodes.stdout.trim().split('\n').sort()).toEqual(['node/master1', 'node/master2']);
  }, 300_000);

  it('kubelab ha-status reads the live topology: both API servers live, two etcd members, a leader', () => {
    const r = haStatus();
    expect(r.controlPlanes.map((c) => [c.name, c.reachable, c.livez, c.holdsVip])).toEqual([
      ['master1', true, 'ok', false],
      ['master2', true, 'ok', false],
    ]);
    expect(r.vip).toBeUndefined();
    expect(r.etcdMembers.map((m) => m.name).sort()).toEqual(['master1', 'master2']);
    expect(r.etcdMembers.filter((m) => m.leader)).toHaveLength(1);
    expect(r.etcdMembers.every((m) => m.answered)).toBe(true);
  }, 60_000);

  it('haproxy pointed at the wrong port: the check fails naming the address and the URL it tried', () => {
    const wrong = lab('fault', 'lb', 'lb-backend-port', '6444');
    expect(wrong.code, wrong.stderr).toBe(0);
    try {
      const apply = kubelab('apply', '-f', project, '--accept-new-host-keys');
      const all = `${apply.stdout}\n${apply.stderr}`;
      expect(apply.code, all).not.toBe(0);
      expect(all).toContain(
        `the load balancer at ${endpoint} does not forward to the API servers (port 6443 on the control planes): https://${endpoint}/healthz did not answer ok`,
      );
      // kubeadm init stays done (asked of master1's own API server, not through the broken
      // load balancer): nothing was reset.
      expect(all).not.toContain('running kubeadm reset');
      expect(all).not.toMatch(/x master1\s+kubeadm-init/);
    } finally {
      lab('fault', 'lb', 'lb-backend-port', '6443');
    }
  }, 300_000);

  it('kubeadm reset of a control plane removes its etcd member; leftovers are named before a join', () => {
    const etcdctl =
      'ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key member list';
    expect(onNode('master1', etcdctl).stdout).toContain(', master2, ');
    // kubeadm's remove-etcd-member phase, before the kubelet stops (removeetcdmember.go).
    const reset = onNode('master2', 'kubeadm reset -f');
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain(
      '[preflight] Running pre-flight checks\n[reset] Deleted contents of the etcd data directory: /var/lib/etcd\n[reset] Stopping the kubelet service',
    );
    const members = onNode('master1', etcdctl);
    expect(members.code, members.stderr).toBe(0);
    expect(members.stdout.trim().split('\n')).toHaveLength(1);
    expect(members.stdout).toContain(', master1, ');
    // The next reading of the live topology shows it: master2's API server is gone, one member.
    const after = haStatus();
    expect(after.controlPlanes.find((c) => c.name === 'master2')?.livez).toBe('failed');
    expect(after.etcdMembers.map((m) => [m.name, m.leader])).toEqual([['master1', true]]);
    // Files of another install on the machine: join-leftovers names them with kubeadm's checks.
    const plant = onNode(
      'master2',
      'mkdir -p /etc/kubernetes/pki && echo stale > /etc/kubernetes/manifests/etcd.yaml && echo stale > /etc/kubernetes/pki/ca.crt',
    );
    expect(plant.code, plant.stderr).toBe(0);
    const script = composeScript(
      readFileSync(join(REPO, 'main', 'steps', 'scripts', 'join-leftovers.sh'), 'utf8'),
    );
    const found = lab(
      'exec',
      'master2',
      'env',
      'KL_MODE=apply',
      'KL_STEP=join-leftovers',
      'CONTROL_PLANE=0',
      'bash',
      '-c',
      script,
    );
    expect(found.code).not.toBe(0);
    expect(found.stderr).toContain(
      '[ERROR DirAvailable--etc-kubernetes-manifests]: /etc/kubernetes/manifests is not empty: etcd.yaml',
    );
    expect(found.stderr).toContain(
      '[ERROR FileAvailable--etc-kubernetes-pki-ca.crt]: /etc/kubernetes/pki/ca.crt already exists',
    );
  }, 120_000);
});
