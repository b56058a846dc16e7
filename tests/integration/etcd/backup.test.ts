// Issue 21 part 2 on the practice lab: `kubelab etcd backup` (the backup-etcd operation) against Debian's real etcd 3.4 in the
// guide's control plane (kubeadm's PKI, the lab API server's objects in it). Installs the guide on
// its own lab instance (14, ETCD_LAB_INSTANCE), creates a namespace, backs up, and checks the
// download independently on this machine with Debian's etcdctl: its status agrees with the index
// entry, and the snapshot restored into a scratch etcd serves the namespace's key. Needs root.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotIndexSchema } from '../../../common/etcd/snapshotIndex';
import { parseSnapshotStatusJson } from '../../../common/etcd/snapshotStatus';
import { labSuite, run, type Result } from '../labSuite';

const suite = labSuite({ name: 'etcd', instanceVar: 'ETCD_LAB_INSTANCE', defaultInstance: '14' });
const { root, dir, project, lab, kubelab, onNode } = suite;
const M = 'master1';
const NAMESPACE = `backup-canary-${process.pid}`;

beforeAll(() => suite.setUp('guide'), 300_000);

afterAll(() => {
  expect(suite.tearDown()).toBe(0);
});

describe('etcd backup of a guide cluster on the lab (real etcd 3.4)', () => {
  let file = '';

  it('installs the guide and creates a namespace', () => {
    const apply = kubelab('apply', '-f', project, '--accept-new-host-keys');
    expect(apply.code, `${apply.stdout}\n${apply.stderr}`).toBe(0);
    const created = onNode(
      M,
      `printf 'apiVersion: v1\\nkind: Namespace\\nmetadata:\\n  name: ${NAMESPACE}\\n' | kubectl --kubeconfig /etc/kubernetes/admin.conf create -f -`,
    );
    expect(created).toContain(`namespace/${NAMESPACE} created`);
  }, 300_000);

  it('backs up with a progress line, records the snapshot, and leaves nothing on the node', () => {
    expect(kubelab('etcd', 'list', '-f', project).stdout).toContain('no snapshots');
    const backup = kubelab('etcd', 'backup', '-f', project, '--json');
    expect(backup.code, `${backup.stdout}\n${backup.stderr}`).toBe(0);
    // The backup-etcd operation's steps, printed as the run goes.
    expect(backup.stderr).toContain('etcd-snapshot');
    expect(backup.stderr).toContain('etcd-download');
    const out = JSON.parse(backup.stdout) as { path: string };
    file = out.path;
    const index = SnapshotIndexSchema.parse(
      JSON.parse(readFileSync(join(dir, 'kubelab.snapshots', 'index.json'), 'utf8')),
    );
    expect(index.snapshots).toHaveLength(1);
    const [entry] = index.snapshots;
    expect(file).toBe(join(dir, 'kubelab.snapshots', entry?.file ?? '?'));
    const bytes = readFileSync(file);
    expect(entry?.size).toBe(bytes.length);
    expect(entry?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(entry).toMatchObject({ node: M, etcdVersion: expect.stringMatching(/^3\.4\./) });
    // The node's temporary copy (it holds every Secret) is gone; the run's facts stay.
    expect(onNode(M, 'ls /var/tmp/kubelab-etcd.*/snapshot.db 2>/dev/null || true').trim()).toBe('');
    expect(entry?.runId).toMatch(/^r\d{8}-/);
    const list = kubelab('etcd', 'list', '-f', project);
    expect(list.stdout).toContain(entry?.file);
    expect(list.stdout).toContain('1 snapshot(s)');
  }, 300_000);

  it("this machine's etcdctl agrees with the index and restores the namespace from the file", async () => {
    const index = SnapshotIndexSchema.parse(
      JSON.parse(readFileSync(join(dir, 'kubelab.snapshots', 'index.json'), 'utf8')),
    );
    const entry = index.snapshots[0];
    const status = run('etcdctl', ['snapshot', 'status', file, '-w', 'json'], {
      env: { ...process.env, ETCDCTL_API: '3' },
    });
    expect(status.code, status.stderr).toBe(0);
    const parsed = parseSnapshotStatusJson(status.stdout);
    expect(parsed?.revision).toBe(entry?.revision);
    expect(parsed?.hash).toBe(entry?.etcdHash);

    // Restore into a scratch data dir and serve it on loopback: the namespace is in it.
    const data = join(root, 'restored');
    const restore = run('etcdctl', ['snapshot', 'restore', file, `--data-dir=${data}`], {
      env: { ...process.env, ETCDCTL_API: '3' },
    });
    expect(restore.code, restore.stderr).toBe(0);
    const port = 24000 + (process.pid % 1000);
    const client = `http://127.0.0.1:${port}`;
    const etcd = spawn(
      'etcd',
      [
        `--data-dir=${data}`,
        `--listen-client-urls=${client}`,
        `--advertise-client-urls=${client}`,
        `--listen-peer-urls=http://127.0.0.1:${port + 1}`,
      ],
      { stdio: 'ignore' },
    );
    try {
      let got: Result | undefined;
      for (let i = 0; i < 50; i++) {
        got = run(
          'etcdctl',
          [`--endpoints=${client}`, 'get', `/registry/namespaces/${NAMESPACE}`, '--keys-only'],
          {
            env: { ...process.env, ETCDCTL_API: '3' },
          },
        );
        if (got.code === 0 && got.stdout.includes(NAMESPACE)) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(got?.stdout).toContain(`/registry/namespaces/${NAMESPACE}`);
    } finally {
      etcd.kill();
    }
  }, 120_000);

  it('restore: refused without --yes naming the loss; with it the deleted namespace is back', async () => {
    const kubectl = (args: string): Result =>
      lab('exec', M, 'bash', '-c', `kubectl --kubeconfig /etc/kubernetes/admin.conf ${args}`);
    const name = file.split('/').pop() ?? '';
    expect(kubectl(`delete namespace ${NAMESPACE}`).code).toBe(0);
    let gone = kubectl(`get namespace ${NAMESPACE}`);
    for (let i = 0; i < 30 && gone.code === 0; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      gone = kubectl(`get namespace ${NAMESPACE}`);
    }
    expect(gone.code, gone.stdout).not.toBe(0);

    const unconfirmed = kubelab('etcd', 'restore', name, '-f', project);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('Everything the cluster changed since the snapshot');
    expect(kubectl(`get namespace ${NAMESPACE}`).code).not.toBe(0);

    const restore = kubelab('etcd', 'restore', name, '-f', project, '--yes');
    expect(restore.code, `${restore.stdout}\n${restore.stderr}`).toBe(0);
    const kept = /previous etcd data kept at (\S+)/.exec(restore.stdout)?.[1] ?? '';
    expect(kept).toMatch(/^\/var\/lib\/etcd\.kubelab-before-/);
    expect(onNode(M, `test -d ${kept}/member && echo kept`)).toContain('kept');
    expect(onNode(M, 'ls /etc/kubernetes/manifests')).toContain('etcd.yaml');
    let back = kubectl(`get namespace ${NAMESPACE}`);
    for (let i = 0; i < 60 && back.code !== 0; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      back = kubectl(`get namespace ${NAMESPACE}`);
    }
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain(NAMESPACE);
    // Both were runs of the one run service: recorded beside the project like any operation.
    const runs = kubelab('runs', '-f', project, '--json');
    expect(runs.code, runs.stderr).toBe(0);
    expect(runs.stdout).toContain('"backup-etcd"');
    expect(runs.stdout).toContain('"restore-etcd"');
  }, 300_000);

  it('a corrupt index is refused with a clear error, not overwritten', () => {
    const indexFile = join(dir, 'kubelab.snapshots', 'index.json');
    writeFileSync(indexFile, '{"schemaVersion":1,"snapshots":[');
    const list = kubelab('etcd', 'list', '-f', project);
    expect(list.code).toBe(1);
    expect(list.stderr).toContain(`${indexFile} is not valid JSON`);
    expect(existsSync(indexFile)).toBe(true);
  });
});
