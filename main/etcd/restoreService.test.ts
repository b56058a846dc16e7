import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SnapshotEntry } from '../../common/etcd/snapshotIndex';
import type { Project } from '../../common/model/project';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import type { ExecOptions, ExecResult } from '../engine/remote';
import { HEALTH_SCRIPT } from './backupScripts';
import { RESTORE_EXIT, RESTORE_SCRIPT } from './restoreScripts';
import { restoreEtcd, type RestoreDeps } from './restoreService';
import { recordSnapshot } from './snapshotStore';

const BYTES = Buffer.from('snapshot '.repeat(500));
const FILE = 'etcd-2026-12-06T23-35-14Z-rev57.db';
const ENTRY: SnapshotEntry = {
  file: FILE,
  time: '2026-12-06T23:35:14.000Z',
  revision: 57,
  totalKeys: 5,
  size: BYTES.length,
  sha256: createHash('sha256').update(BYTES).digest('hex'),
  etcdHash: 1,
  kubernetesVersion: '1.18.0',
  etcdVersion: '3.4.23',
  node: 'master1',
};

let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-restore-'));
  const folder = join(dir, 'kubelab.snapshots');
  mkdirSync(folder);
  writeFileSync(join(folder, FILE), BYTES);
  await recordSnapshot(folder, ENTRY);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function setup(restoreCode = 0): {
  deps: RestoreDeps;
  scripts: string[];
  puts: string[];
  env: Record<string, string>[];
} {
  const scripts: string[] = [];
  const puts: string[] = [];
  const env: Record<string, string>[] = [];
  const exec = async (script: string, o?: ExecOptions): Promise<ExecResult> => {
    scripts.push(script);
    env.push(o?.env ?? {});
    if (script === RESTORE_SCRIPT)
      return {
        code: restoreCode,
        stdout: restoreCode === 0 ? 'KL_OLD /var/lib/etcd.kubelab-before-x\n' : '',
        stderr: restoreCode === 0 ? '' : 'etcd did not stop within 120 s',
      };
    return { code: 0, stdout: 'etcd is healthy\n', stderr: '' };
  };
  const project: Project = { schemaVersion: 1, nodes: guideNodes(), plan: guidePlan() };
  return {
    deps: {
      project,
      projectFile: join(dir, 'kubelab.yaml'),
      file: FILE,
      remoteFor: () => ({ exec }),
      put: async (_n, local) => void puts.push(local),
    },
    scripts,
    puts,
    env,
  };
}

describe('etcd restore', () => {
  it('uploads the checked snapshot, restores with its SHA-256 and waits for health', async () => {
    const { deps, scripts, puts, env } = setup();
    const out = await restoreEtcd(deps);
    expect(puts).toEqual([join(dir, 'kubelab.snapshots', FILE)]);
    expect(scripts).toEqual([RESTORE_SCRIPT, HEALTH_SCRIPT]);
    expect(env[0]?.KL_SHA256).toBe(ENTRY.sha256);
    expect(env[0]?.KL_SNAPSHOT).toMatch(/^\/tmp\/\.kubelab-restore-[0-9a-f]{16}\.db$/);
    expect(out.previousDataDir).toBe('/var/lib/etcd.kubelab-before-x');
  });

  it('refuses a changed snapshot file before anything is uploaded or stopped', async () => {
    writeFileSync(join(dir, 'kubelab.snapshots', FILE), BYTES.subarray(0, 100));
    const { deps, scripts, puts } = setup();
    await expect(restoreEtcd(deps)).rejects.toMatchObject({ code: 'snapshot_corrupt' });
    expect(puts).toEqual([]);
    expect(scripts).toEqual([]);
  });

  it('refuses a snapshot that is not in the list, naming the field', async () => {
    const { deps, scripts } = setup();
    await expect(
      restoreEtcd({ ...deps, file: 'etcd-2026-01-01T00-00-00Z-rev1.db' }),
    ).rejects.toMatchObject({ code: 'no_such_snapshot', field: 'file' });
    expect(scripts).toEqual([]);
  });

  it('refuses an HA cluster (the member list rebuild is not built)', async () => {
    const { deps, scripts } = setup();
    const nodes = deps.project.nodes.map((n) => ({ ...n, role: 'control-plane' as const }));
    await expect(
      restoreEtcd({ ...deps, project: { ...deps.project, nodes } }),
    ).rejects.toMatchObject({ code: 'restore_ha_unsupported' });
    expect(scripts).toEqual([]);
  });

  it('says what a failed restore left in place', async () => {
    const { deps } = setup(RESTORE_EXIT.didNotStop);
    await expect(restoreEtcd(deps)).rejects.toMatchObject({
      code: 'restore_failed',
      message: expect.stringContaining('the static pods were put back, nothing changed'),
    });
  });
});
