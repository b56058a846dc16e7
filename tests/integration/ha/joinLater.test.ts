// Issue 19, "join a control plane later" and the stale etcd member, on the practice lab (scenario
// ha-kube-vip, its own instance 32: HA_JOIN_LAB_INSTANCE). Two control planes are installed with
// `kubelab apply`; master3 joins afterwards with `kubelab add-node master3 --control-plane`
// (certificates kept uploaded, the join one at a time, kube-vip on it). Then master3 is reset
// behind kubelab's back while cut off from the others (`kubeadm reset -f` with its link down: a
// reset whose etcd phase cannot reach etcd leaves its member): etcd (Debian's real etcd-server) still lists
// it and it does not answer. Joining master3 again stops and names the stale member until the
// removal is confirmed (--remove-stale-etcd-members); then it is removed and master3 joins.
// Needs root.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { labSuite, type Result } from '../labSuite';

const suite = labSuite({
  name: 'ha-join',
  instanceVar: 'HA_JOIN_LAB_INSTANCE',
  defaultInstance: '32',
});
const { project, lab, kubelab } = suite;

interface ProjectNode {
  id: string;
  address: string;
  port: number;
  user: string;
  keyPath?: string;
}

/** A root command inside a lab node; its result, failing or not, is the test's to read. */
const onNode = (node: string, command: string): Result => lab('exec', node, 'bash', '-c', command);
const said = (r: Result): string => `${r.stdout}\n${r.stderr}`;

/** `etcdctl member list` on master1 (its healthcheck client certificate, as kubelab's steps do). */
function members(): string {
  const pki = '/etc/kubernetes/pki/etcd';
  const r = onNode(
    'master1',
    `ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=${pki}/ca.crt --cert=${pki}/healthcheck-client.crt --key=${pki}/healthcheck-client.key member list`,
  );
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

let master3: ProjectNode | undefined;

/** `kubelab add-node master3 …` with the machine's SSH details from the lab's project. */
function addMaster3(...extra: string[]): Result {
  const m = master3;
  if (!m) throw new Error('master3 was not in the lab project');
  const ssh = ['--address', m.address, '--port', String(m.port), '--user', m.user];
  if (m.keyPath) ssh.push('--key', m.keyPath);
  return kubelab(
    'add-node',
    'master3',
    ...ssh,
    '--control-plane',
    '--accept-new-host-keys',
    ...extra,
  );
}

beforeAll(() => {
  suite.setUp('ha-kube-vip');
  // The project without master3: it joins later, as a machine added to the project.
  const doc = parse(readFileSync(project, 'utf8')) as { nodes: ProjectNode[] };
  master3 = doc.nodes.find((n) => n.id === 'master3');
  doc.nodes = doc.nodes.filter((n) => n.id !== 'master3');
  writeFileSync(project, stringify(doc));
}, 300_000);

afterAll(() => {
  lab('fault', 'master3', 'link-up');
  expect(suite.tearDown()).toBe(0);
});

describe('HA: a control plane joins later, and again after a reset left its etcd member', () => {
  it('installs two control planes, then master3 joins with kubelab add-node --control-plane', () => {
    const apply = kubelab('apply', '-f', project);
    expect(apply.code, said(apply)).toBe(0);
    const add = addMaster3();
    expect(add.code, said(add)).toBe(0);
    expect(onNode('master3', 'test -f /etc/kubernetes/manifests/kube-apiserver.yaml').code).toBe(0);
    // kube-vip on the new control plane, with admin.conf (the join wrote it).
    expect(
      onNode('master3', 'grep -A1 hostPath: /etc/kubernetes/manifests/kube-vip.yaml').stdout,
    ).toContain('path: /etc/kubernetes/admin.conf');
    expect(members()).toMatch(/, started, master3, https:\/\/[\d.]+:2380, /);
  }, 600_000);

  it('master3 reset without removing its member: the rejoin names it until confirmed, then joins', () => {
    // Reset while cut off from the other control planes (as on a machine whose network is down):
    // kubeadm reset's remove-etcd-member phase cannot reach etcd, warns "Failed to remove etcd
    // member … please manually remove this etcd member using etcdctl" and goes on, leaving the
    // member (cmd/kubeadm/app/cmd/phases/reset/removeetcdmember.go). Reachable, it removes it.
    expect(lab('fault', 'master3', 'link-down').code).toBe(0);
    const reset = onNode('master3', 'kubeadm reset -f');
    expect(lab('fault', 'master3', 'link-up').code).toBe(0);
    expect(reset.code, said(reset)).toBe(0);
    expect(said(reset)).toContain('Failed to remove etcd member');
    const stale = /^([0-9a-f]{16}), started, master3, /m.exec(members())?.[1];
    expect(stale, 'master3 is still an etcd member').toBeDefined();

    const refused = addMaster3();
    expect(refused.code, said(refused)).not.toBe(0);
    expect(said(refused)).toContain(`etcd member ${stale ?? ''} master3 at https://`);
    expect(said(refused)).toContain('--remove-stale-etcd-members');
    // Nothing was removed and master3 did not join.
    expect(members()).toContain(`${stale ?? ''}, started, master3`);
    expect(onNode('master3', 'test -f /etc/kubernetes/kubelet.conf').code).not.toBe(0);

    const rejoin = addMaster3('--remove-stale-etcd-members');
    expect(rejoin.code, said(rejoin)).toBe(0);
    const after = members();
    expect(after).not.toContain(stale ?? '');
    expect(after.trim().split('\n')).toHaveLength(3);
    expect(after).toMatch(/, started, master3, /);
  }, 600_000);
});
