import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackupProgress } from '../../common/contracts/etcd';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import type { Project } from '../../common/model/project';
import type { ExecOptions, ExecResult } from '../engine/remote';
import { backupEtcd, type BackupDeps } from './backupService';
import { CLEANUP_SCRIPT, SAVE_SCRIPT, STATUS_SCRIPT } from './backupScripts';
import { readSnapshotIndex } from './snapshotStore';

/** The snapshot the node "took": its bytes and what the node measured of them. */
const SNAPSHOT = Buffer.from('bbolt snapshot bytes '.repeat(1000));
const SHA = createHash('sha256').update(SNAPSHOT).digest('hex');
const ENDPOINT =
  '[{"Endpoint":"https://127.0.0.1:2379","Status":{"header":{"revision":57},"version":"3.4.23","dbSize":20480}}]';

interface Call {
  script: string;
  env: Record<string, string>;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-backup-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function project(user = 'root'): Project {
  const nodes = guideNodes().map((n) => (n.role === 'control-plane' ? { ...n, user } : n));
  return { schemaVersion: 1, nodes, plan: guidePlan() };
}

/** A control plane that answers the three scripts; `status` and `fetched` vary per test. */
function machine(opts: {
  etcdutl?: boolean;
  version?: string;
  statusOut?: string;
  fetched?: Buffer;
}): { deps: BackupDeps; calls: Call[]; progress: BackupProgress[] } {
  const calls: Call[] = [];
  const progress: BackupProgress[] = [];
  const exec = async (script: string, o?: ExecOptions): Promise<ExecResult> => {
    calls.push({ script, env: o?.env ?? {} });
    if (script === SAVE_SCRIPT)
      return {
        code: 0,
        stdout: `KL_DIR /var/tmp/kubelab-etcd.abc\nKL_ETCDUTL ${opts.etcdutl ? 'yes' : 'no'}\nKL_ENDPOINT ${ENDPOINT.replace('3.4.23', opts.version ?? '3.4.23')}\n`,
        stderr: '',
      };
    if (script === STATUS_SCRIPT)
      return {
        code: 0,
        stdout:
          opts.statusOut ??
          `{"hash":672987823,"revision":57,"totalKey":5,"totalSize":20480}\n\nKL_SIZE ${SNAPSHOT.length}\nKL_SHA256 ${SHA}\n`,
        stderr: '',
      };
    if (script === CLEANUP_SCRIPT) return { code: 0, stdout: '', stderr: '' };
    throw new Error('unexpected script');
  };
  const deps: BackupDeps = {
    project: project(),
    projectFile: join(dir, 'kubelab.yaml'),
    remoteFor: () => ({ exec }),
    async fetch(_node, remotePath, local, onBytes) {
      expect(remotePath).toBe('/var/tmp/kubelab-etcd.abc/snapshot.db');
      const data = opts.fetched ?? SNAPSHOT;
      onBytes(Math.floor(data.length / 2), SNAPSHOT.length);
      writeFileSync(local, data);
      onBytes(data.length, SNAPSHOT.length);
    },
    onProgress: (p) => progress.push(p),
    now: () => new Date('2026-12-06T23:35:14.000Z'),
  };
  return { deps, calls, progress };
}

const folder = (): string => join(dir, 'kubelab.snapshots');

describe('etcd backup', () => {
  it('records a downloaded snapshot whose size and SHA-256 match the node’s', async () => {
    const { deps, calls, progress } = machine({});
    const out = await backupEtcd(deps);
    expect(out.path).toBe(join(folder(), 'etcd-2026-12-06T23-35-14Z-rev57.db'));
    expect(readFileSync(out.path).equals(SNAPSHOT)).toBe(true);
    expect(out.snapshot).toMatchObject({
      revision: 57,
      totalKeys: 5,
      size: SNAPSHOT.length,
      sha256: SHA,
      etcdHash: 672987823,
      kubernetesVersion: guidePlan().kubernetesVersion,
      etcdVersion: '3.4.23',
      node: 'master1',
    });
    expect((await readSnapshotIndex(folder())).snapshots).toEqual([out.snapshot]);
    expect(progress.map((p) => p.phase)).toEqual([
      'snapshot',
      'status',
      'download',
      'download',
      'download',
      'verify',
      'done',
    ]);
    expect(calls.at(-1)).toEqual({
      script: CLEANUP_SCRIPT,
      env: { KL_DIR: '/var/tmp/kubelab-etcd.abc' },
    });
  });

  it('reads the status with etcdctl on 3.4 and etcdutl on 3.5 where the node has it', async () => {
    const old = machine({ etcdutl: true });
    await backupEtcd(old.deps);
    expect(old.calls[1]?.env.KL_TOOL).toBe('etcdctl');
    const recent = machine({ etcdutl: true, version: '3.5.12' });
    await backupEtcd(recent.deps);
    expect(recent.calls[1]?.env.KL_TOOL).toBe('etcdutl');
  });

  it('hands the snapshot to a non-root login user for SFTP, to nobody for root', async () => {
    const asRoot = machine({});
    await backupEtcd(asRoot.deps);
    expect(asRoot.calls[1]?.env.KL_OWNER).toBe('');
    const asKube = machine({});
    await backupEtcd({ ...asKube.deps, project: project('kube') });
    expect(asKube.calls[1]?.env.KL_OWNER).toBe('kube');
  });

  it('a truncated download is deleted, not recorded, and the node’s copy still removed', async () => {
    const { deps, calls } = machine({ fetched: SNAPSHOT.subarray(0, 1000) });
    await expect(backupEtcd(deps)).rejects.toMatchObject({
      code: 'snapshot_corrupt',
      message: expect.stringContaining('cut short'),
    });
    expect(readdirSync(folder())).toEqual([]);
    expect(calls.at(-1)?.script).toBe(CLEANUP_SCRIPT);
  });

  it('a download of the right size with other bytes is refused on its SHA-256', async () => {
    const other = Buffer.alloc(SNAPSHOT.length, 0x61);
    const { deps } = machine({ fetched: other });
    await expect(backupEtcd(deps)).rejects.toMatchObject({ code: 'snapshot_corrupt' });
    expect(readdirSync(folder())).toEqual([]);
  });

  it('a snapshot the status tool refuses is never downloaded', async () => {
    const { deps, calls } = machine({ statusOut: 'Error: file size too small\n' });
    await expect(backupEtcd(deps)).rejects.toMatchObject({ code: 'snapshot_unreadable' });
    expect(calls.map((c) => c.script)).toEqual([SAVE_SCRIPT, STATUS_SCRIPT, CLEANUP_SCRIPT]);
  });

  it('needs a saved project', async () => {
    const { deps, calls } = machine({});
    await expect(backupEtcd({ ...deps, projectFile: undefined })).rejects.toMatchObject({
      code: 'project_not_saved',
    });
    expect(calls).toEqual([]);
  });
});

describe('etcd backup with a damaged snapshots index', () => {
  it('is refused before anything runs on the node', async () => {
    const { deps, calls } = machine({});
    mkdirSync(folder());
    writeFileSync(join(folder(), 'index.json'), '{"schemaVersion":1,"snapshots":[');
    await expect(backupEtcd(deps)).rejects.toMatchObject({ code: 'snapshot_index_corrupt' });
    expect(calls).toEqual([]);
    expect(readdirSync(folder())).toEqual(['index.json']);
  });
});
