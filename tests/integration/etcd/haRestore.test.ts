// Issue 21 on the practice lab, HA: `kubelab etcd restore` on the `ha` scenario's three stacked
// control planes (Debian's real etcd 3.4 members, tests/lab/scenarios/ha.yaml) on its own lab
// instance (44, KUBELAB_ETCDHA_LAB). One install for every case: back up, delete a namespace,
// restore on all three control planes (one member list, a new cluster token: etcd op-guide
// recovery.md, "Restoring a cluster"), and see the namespace back, exactly three started and
// healthy members in a NEW etcd cluster, each control plane's old data kept, and
// `kubelab verify` passing. Needs root.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labSuite, type Result } from '../labSuite';

const suite = labSuite({
  name: 'etcdha',
  instanceVar: 'KUBELAB_ETCDHA_LAB',
  defaultInstance: '44',
  env: { LANG: 'C' },
});
const { project, lab, kubelab, onNode } = suite;
const CONTROL_PLANES = ['master1', 'master2', 'master3'];
const NAMESPACE = `ha-restore-canary-${process.pid}`;

/** etcdctl on a control plane with kubeadm's etcd client certificate (as lib.sh's kl_etcdctl_tls). */
const etcdctl = (node: string, args: string): string =>
  onNode(
    node,
    `ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key ${args}`,
  );

/** The etcd cluster id a member reports (`member list -w json` header; kept as text: a uint64). */
const clusterId = (node: string): string =>
  /"cluster_id":(\d+)/.exec(etcdctl(node, 'member list -w json'))?.[1] ?? '';

const kubectl = (node: string, args: string): Result =>
  lab(
    'exec',
    node,
    'bash',
    '-c',
    `kubectl --kubeconfig /etc/kubernetes/admin.conf --request-timeout=10s ${args}`,
  );

async function until(what: string, seconds: number, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

beforeAll(() => suite.setUp('ha'), 300_000);

afterAll(() => {
  expect(suite.tearDown()).toBe(0);
});

describe('etcd restore on three stacked control planes (lab, real etcd 3.4)', () => {
  let snapshot = '';
  let idBefore = '';

  it('installs the HA cluster, creates a namespace and backs up', () => {
    const apply = kubelab('apply', '-f', project, '--accept-new-host-keys');
    expect(apply.code, `${apply.stdout}\n${apply.stderr}`).toBe(0);
    expect(etcdctl('master1', 'member list').trim().split('\n')).toHaveLength(3);
    idBefore = clusterId('master1');
    expect(idBefore).toMatch(/^\d+$/);
    const created = onNode(
      'master1',
      `printf 'apiVersion: v1\\nkind: Namespace\\nmetadata:\\n  name: ${NAMESPACE}\\n' | kubectl --kubeconfig /etc/kubernetes/admin.conf create -f -`,
    );
    expect(created).toContain(`namespace/${NAMESPACE} created`);
    const backup = kubelab('etcd', 'backup', '-f', project, '--json');
    expect(backup.code, `${backup.stdout}\n${backup.stderr}`).toBe(0);
    snapshot = ((JSON.parse(backup.stdout) as { path: string }).path.split('/').pop() ?? '').trim();
    expect(snapshot).toMatch(/^etcd-.*\.db$/);
  }, 420_000);

  it('restores on every control plane: the namespace is back, three healthy members of a new cluster', async () => {
    expect(kubectl('master1', `delete namespace ${NAMESPACE}`).code).toBe(0);
    await until(
      'the namespace to go',
      30,
      () => kubectl('master1', `get namespace ${NAMESPACE}`).code !== 0,
    );

    const unconfirmed = kubelab('etcd', 'restore', snapshot, '-f', project);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('on every control plane');
    expect(unconfirmed.stderr).toContain("replaces every etcd member's data");

    const restore = kubelab('etcd', 'restore', snapshot, '-f', project, '--yes');
    expect(restore.code, `${restore.stdout}\n${restore.stderr}`).toBe(0);
    // Every phase ran on every control plane, none on a worker.
    for (const step of ['etcd-upload', 'etcd-restore-stop', 'etcd-restore-swap', 'etcd-healthy'])
      expect(restore.stderr).toContain(step);
    const kept = [...restore.stdout.matchAll(/previous etcd data kept at (\S+) on (\S+)/g)];
    expect(kept.map((m) => m[2]).sort()).toEqual(CONTROL_PLANES);
    for (const cp of CONTROL_PLANES) {
      const dir = kept.find((m) => m[2] === cp)?.[1] ?? '';
      expect(dir).toMatch(/^\/var\/lib\/etcd\.kubelab-before-/);
      expect(onNode(cp, `test -d ${dir}/member && echo kept`)).toContain('kept');
      expect(onNode(cp, 'ls /etc/kubernetes/manifests')).toContain('etcd.yaml');
      // The upload (it holds every Secret) is gone from every node.
      expect(
        onNode(cp, 'ls /var/tmp/kubelab-restore.*/snapshot.db 2>/dev/null || true').trim(),
      ).toBe('');
    }
    expect(onNode('node1', 'ls -d /var/tmp/kubelab-restore.* 2>/dev/null || true').trim()).toBe('');

    // Exactly three members, all started, one per control plane; every one healthy.
    const members = etcdctl('master2', 'member list').trim().split('\n');
    expect(members).toHaveLength(3);
    for (const cp of CONTROL_PLANES)
      expect(members.filter((l) => l.includes(`, started, ${cp}, `))).toHaveLength(1);
    // etcdctl 3.4 prints endpoint health on stderr (ctlv3/command/printer_simple.go).
    const health = etcdctl('master3', 'endpoint health --cluster 2>&1');
    expect(health.match(/is healthy: successfully committed proposal/g)).toHaveLength(3);
    // A new cluster (the new token): every member agrees on an id that is not the old one.
    const ids = CONTROL_PLANES.map(clusterId);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).not.toBe(idBefore);

    // The cluster's objects are back, read through each control plane's API server.
    for (const cp of CONTROL_PLANES)
      await until(`${NAMESPACE} through ${cp}`, 60, () =>
        kubectl(cp, `get namespace ${NAMESPACE}`).stdout.includes(NAMESPACE),
      );
  }, 420_000);

  it('kubelab verify passes on the restored cluster', () => {
    // A restored cluster settles for a while ("in practice, the restore takes a bit of time":
    // kubernetes.io, Operating etcd clusters → Restoring an etcd cluster): the kubelets and the
    // DaemonSet controller catch up with the restored objects. verify is run again, as an admin
    // would, at most three times (each run waits for its own test pods: no idle wait here).
    let after = verification();
    for (let again = 0; again < 2 && after.code !== 0; again++) after = verification();
    // What a restore can break: every node Ready, every kube-system pod ready, /readyz, DNS.
    expect(after.result.nodes.every((n) => n.ready)).toBe(true);
    expect(after.result.nodes).toHaveLength(5);
    expect(after.result.systemPods.every((p) => p.ready)).toBe(true);
    expect(after.result.apiServer.status).toBe('ok');
    expect(after.result.dns.every((d) => d.status === 'ok')).toBe(true);
    // Whole: nothing verify checks (pod network and ping matrix included) is a problem.
    expect(after.code, after.text).toBe(0);
  }, 300_000);
});

interface Verification {
  code: number;
  text: string;
  result: {
    nodes: { ready: boolean }[];
    systemPods: { ready: boolean }[];
    apiServer: { status: string };
    dns: { status: string }[];
  };
}

/** `kubelab verify --json`: its exit status and what it found. */
function verification(): Verification {
  const r = kubelab('verify', '-f', project, '--json');
  return {
    code: r.code,
    text: `${r.stdout}\n${r.stderr}`,
    result: JSON.parse(r.stdout) as Verification['result'],
  };
}
