import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import type { ClusterPlan } from '../../common/model/plan';
import type { NodeSpec } from '../../common/model/node';
import type { ExecOptions, ExecResult, Remote } from '../engine/remote';
import type { StepContext } from '../engine/step';
import { backupEtcdOperation } from '../operations/etcd-backup';
import { restoreEtcdOperation } from '../operations/etcd-restore';
import { etcdDownload } from './backupSteps';
import { etcdUpload } from './restoreSteps';
import { readSnapshotIndex, recordSnapshot } from './snapshotStore';
import { MemorySide } from '../../tests/fakes/memorySide';
import { localSide } from '../ssh/transfer/localSide';
import { transferFile } from '../ssh/transfer/transferFile';
import { backupDirOf } from '../../common/etcd/etcdOperations';

/**
 * The backup and restore operations' steps against a scripted control plane: what reaches this
 * computer is checked against what the node measured, and what leaves it against the list.
 */
const SNAPSHOT = Buffer.from('bbolt snapshot bytes '.repeat(500));
const SHA = createHash('sha256').update(SNAPSHOT).digest('hex');
const STATUS = '{"hash":672987823,"revision":57,"totalKey":5,"totalSize":10500}';
const ENDPOINT =
  '[{"Endpoint":"https://127.0.0.1:2379","Status":{"header":{"revision":57},"version":"3.4.23"}}]';
const FACTS = `KL_STATUS ${STATUS}\nKL_ENDPOINT ${ENDPOINT}\nKL_SHA256 ${SHA}\nKL_SIZE ${SNAPSHOT.length}\nKL_TAKEN 2026-12-07T10:00:00Z\n`;

const RUN = 'r20261207-100000-abcdef';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'kubelab-etcd-steps-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

interface Node {
  remote: Remote;
  modes: string[];
  /** The node's files (the fake SFTP end of the transfers). */
  side: MemorySide;
  logs: string[];
}

/** A control plane: `exec` answers by KL_MODE; its snapshot (any run's) holds `fetched`. */
function controlPlane(opts: { fetched?: Buffer; uploadCheck?: number; runId?: string } = {}): Node {
  const modes: string[] = [];
  const side = new MemorySide('cp1');
  side.files.set(`${backupDirOf(opts.runId ?? RUN)}/snapshot.db`, opts.fetched ?? SNAPSHOT);
  const exec = async (_script: string, o?: ExecOptions): Promise<ExecResult> => {
    const mode = o?.env?.KL_MODE ?? '';
    modes.push(`${o?.env?.KL_STEP ?? ''}:${mode}`);
    if (o?.env?.KL_STEP === 'etcd-download' && mode === 'check')
      return { code: 100, stdout: FACTS, stderr: '' };
    if (o?.env?.KL_STEP === 'etcd-upload' && mode === 'check')
      return { code: opts.uploadCheck ?? 0, stdout: '', stderr: 'sha mismatch' };
    return { code: 0, stdout: '', stderr: '' };
  };
  const remote: Remote = {
    nodeId: 'cp1',
    exec,
    startDetached: () => Promise.reject(new Error('not used')),
    followDetached: () => Promise.reject(new Error('not used')),
    upload: () => Promise.reject(new Error('not used')),
    download: () => Promise.reject(new Error('not used')),
    downloadFile: (from, to, o) => transferFile(side, from, localSide, to, { ...o, mode: 0o600 }),
    uploadFile: (from, to, o) => transferFile(localSide, from, side, to, o),
  };
  return { remote, modes, side, logs: [] };
}

function ctx(node: Node, params: unknown, runId = RUN): StepContext<ClusterPlan> {
  const nodes = guideNodes();
  const cp = nodes.find((n) => n.role === 'control-plane') as NodeSpec;
  return {
    runId,
    node: cp,
    nodes,
    plan: guidePlan(),
    params,
    remote: node.remote,
    dryRun: false,
    signal: new AbortController().signal,
    outputsOf: async () => ({}),
    log: (line) => node.logs.push(line),
  };
}

describe('etcd-download', () => {
  it('keeps the snapshot, records it with its run, then has the node remove its copy', async () => {
    const node = controlPlane();
    await etcdDownload.verify?.(ctx(node, { folder }));
    const index = await readSnapshotIndex(folder);
    expect(index.snapshots).toHaveLength(1);
    const entry = index.snapshots[0];
    expect(entry).toMatchObject({
      file: 'etcd-2026-12-07T10-00-00Z-rev57.db',
      revision: 57,
      totalKeys: 5,
      sha256: SHA,
      size: SNAPSHOT.length,
      etcdVersion: '3.4.23',
      runId: 'r20261207-100000-abcdef',
    });
    expect(readFileSync(join(folder, entry?.file ?? '')).equals(SNAPSHOT)).toBe(true);
    expect(node.modes).toEqual(['etcd-download:check', 'etcd-download:finish']);
  });

  it('a download that differs from the node’s copy is deleted, not recorded, the node keeps it', async () => {
    const node = controlPlane({ fetched: SNAPSHOT.subarray(0, 100) });
    await expect(etcdDownload.verify?.(ctx(node, { folder }))).rejects.toMatchObject({
      code: 'snapshot_corrupt',
    });
    expect((await readSnapshotIndex(folder)).snapshots).toEqual([]);
    expect(readdirSync(folder).filter((f) => f !== 'index.json')).toEqual([]);
    expect(node.modes).not.toContain('etcd-download:finish');
  });

  it('a download cut off keeps its partial; the step’s retry continues it', async () => {
    const big = Buffer.concat(Array.from({ length: 1600 }, () => SNAPSHOT));
    const sha = createHash('sha256').update(big).digest('hex');
    const node = controlPlane({ fetched: big });
    const facts = FACTS.replace(SHA, sha).replace(
      `KL_SIZE ${SNAPSHOT.length}`,
      `KL_SIZE ${big.length}`,
    );
    const exec = node.remote.exec.bind(node.remote);
    node.remote.exec = async (script, o) =>
      o?.env?.KL_STEP === 'etcd-download' && o.env.KL_MODE === 'check'
        ? { code: 100, stdout: facts, stderr: '' }
        : exec(script, o);
    node.side.faults.dropAfterRead = 12 * 1024 * 1024;
    await expect(etcdDownload.verify?.(ctx(node, { folder }))).rejects.toThrow(/connection lost/);
    expect((await readSnapshotIndex(folder)).snapshots).toEqual([]);
    const readBefore = node.side.bytesRead;
    await etcdDownload.verify?.(ctx(node, { folder }));
    expect(node.side.bytesRead - readBefore).toBeLessThan(big.length / 2);
    expect(node.logs).toContainEqual(
      expect.stringMatching(/^continued an earlier download from byte [1-9]/),
    );
    const [entry] = (await readSnapshotIndex(folder)).snapshots;
    expect(readFileSync(join(folder, entry?.file ?? '')).equals(big)).toBe(true);
  });

  it('a resumed run whose snapshot was recorded records nothing twice', async () => {
    await etcdDownload.verify?.(ctx(controlPlane(), { folder }));
    await etcdDownload.verify?.(ctx(controlPlane(), { folder }));
    expect((await readSnapshotIndex(folder)).snapshots).toHaveLength(1);
  });
});

describe('etcd-upload', () => {
  const FILE = 'etcd-2026-12-07T10-00-00Z-rev57.db';
  async function listed(bytes: Buffer): Promise<void> {
    writeFileSync(join(folder, FILE), bytes);
    await recordSnapshot(folder, {
      file: FILE,
      time: '2026-12-07T10:00:00.000Z',
      revision: 57,
      totalKeys: 5,
      size: SNAPSHOT.length,
      sha256: SHA,
      etcdHash: 1,
      kubernetesVersion: '1.29.4',
      etcdVersion: '3.4.23',
      node: 'cp1',
    });
  }

  it('uploads the listed snapshot into the run’s directory and has the node check it', async () => {
    await listed(SNAPSHOT);
    const node = controlPlane();
    await etcdUpload.verify?.(ctx(node, { folder, file: FILE }, 'r1'));
    const sent = node.side.files.get('/var/tmp/kubelab-restore.r1/snapshot.db');
    expect(sent?.equals(SNAPSHOT)).toBe(true);
    expect(node.logs.at(-1)).toMatch(/^transferred \d+ of \d+ bytes .*100%\)$/);
  });

  it('a snapshot changed on this computer is refused before anything leaves it', async () => {
    await listed(Buffer.concat([SNAPSHOT.subarray(1), Buffer.from('x')]));
    const node = controlPlane();
    await expect(etcdUpload.verify?.(ctx(node, { folder, file: FILE }))).rejects.toMatchObject({
      code: 'snapshot_corrupt',
      field: 'file',
    });
    expect(node.side.bytesWritten).toBe(0);
    expect(node.modes).toEqual([]);
  });

  it('an upload the node does not accept fails the step', async () => {
    await listed(SNAPSHOT);
    const node = controlPlane({ uploadCheck: 100 });
    await expect(etcdUpload.verify?.(ctx(node, { folder, file: FILE }))).rejects.toMatchObject({
      code: 'snapshot_corrupt',
    });
  });
});

describe('the operations', () => {
  const target = { nodes: guideNodes(), plan: guidePlan() };
  const cp = guideNodes().find((n) => n.role === 'control-plane')?.id;

  it('back up on the first control plane, restore on every control plane, in the documented order', () => {
    expect(backupEtcdOperation.nodes?.({ folder }, target)).toEqual([cp]);
    expect(backupEtcdOperation.steps({ folder }, target).map((s) => s.id)).toEqual([
      'etcd-snapshot',
      'etcd-download',
    ]);
    const p = { folder, file: 'etcd-2026-12-07T10-00-00Z-rev57.db' };
    expect(restoreEtcdOperation.nodes?.(p, target)).toEqual([cp]);
    expect(restoreEtcdOperation.steps(p, target).map((s) => s.id)).toEqual([
      'etcd-restore-member',
      'etcd-upload',
      'etcd-restore',
      'etcd-restore-stop',
      'etcd-restore-swap',
      'etcd-restore-start',
      'etcd-healthy',
    ]);
  });

  it('refuse a relative folder, a file that is not a snapshot name, and a project without a control plane', () => {
    expect(backupEtcdOperation.params.safeParse({ folder: 'snaps' }).success).toBe(false);
    const bad = restoreEtcdOperation.params.safeParse({ folder, file: '../kubelab.yaml' });
    expect(bad.success).toBe(false);
    const workers = guideNodes().map((n) => ({ ...n, role: 'worker' as const }));
    const p = { folder, file: 'etcd-2026-12-07T10-00-00Z-rev57.db' };
    expect(() => restoreEtcdOperation.steps(p, { ...target, nodes: workers })).toThrow(
      /no control-plane node/,
    );
  });
});
