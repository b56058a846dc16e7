import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../../common/model/runEvent';
import type { Project } from '../../common/model/project';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { EventBus } from '../api/eventBus';
import type { RunStart } from '../etcd/runToEnd';
import { recordSnapshot } from '../etcd/snapshotStore';
import { progressLine } from '../etcd/transferLog';
import type { ProjectStore } from '../store/projectStore';
import { createEtcdHandlers } from './etcdHandlers';

/** etcd.backup/etcd.restore start their operations through run.start and answer at its end. */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-etcd-handlers-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const project: Project = { schemaVersion: 1, nodes: guideNodes(), plan: guidePlan() };
const ctx = { face: 'cli' as const };
const FILE = 'etcd-2026-12-07T10-00-00Z-rev57.db';
const SHA = 'a'.repeat(64);

function handlers(outcome: RunResult['outcome'], onStart?: (req: RunStart) => Promise<void>) {
  const bus = new EventBus();
  const store = { get: () => project, path: () => join(dir, 'kubelab.yaml') };
  const started: RunStart[] = [];
  const h = createEtcdHandlers(bus, store as unknown as ProjectStore, async (req) => {
    started.push(req);
    await onStart?.(req);
    const result: RunResult = { runId: 'r1', dryRun: false, outcome, nodes: [] };
    bus.emit('install.event', { type: 'run-finished', runId: 'r1', time: '', result });
    return { runId: 'r1' };
  });
  return { h, bus, started, folder: join(dir, 'kubelab.snapshots') };
}

const entry = { time: '2026-12-07T10:00:00.000Z', revision: 57, totalKeys: 5, size: 3 };
const listed = {
  ...entry,
  file: FILE,
  sha256: SHA,
  etcdHash: 1,
  kubernetesVersion: '1.29.4',
  etcdVersion: '3.4.23',
  node: 'cp1',
};

describe('etcd.backup', () => {
  it('starts backup-etcd with the project’s snapshots folder and answers with the run’s snapshot', async () => {
    const { h, started, folder } = handlers('succeeded', async () => {
      await recordSnapshot(folder, { ...listed, runId: 'r1' });
    });
    const out = await h['etcd.backup']({}, ctx);
    expect(started).toEqual([{ operation: 'backup-etcd', params: { folder } }]);
    expect(out).toMatchObject({ path: join(folder, FILE), snapshot: { runId: 'r1' } });
  });

  it('the download step’s progress lines become the bar’s bytes', async () => {
    const { h, bus, folder } = handlers('succeeded', async () => {
      const chunk = `downloading 100 bytes\n${progressLine({ transferred: 60, total: 100 })}\n`;
      for (const stepId of ['etcd-snapshot', 'etcd-download'])
        bus.emit('install.event', {
          type: 'log',
          runId: 'r1',
          time: '',
          nodeId: 'cp1',
          stepId,
          stream: 'engine',
          chunk,
        });
      await recordSnapshot(folder, { ...listed, runId: 'r1' });
    });
    const seen: unknown[] = [];
    bus.subscribe((name, payload) => {
      if (name === 'etcd.backupProgress') seen.push(payload);
    });
    await h['etcd.backup']({}, ctx);
    expect(seen).toEqual([
      { phase: 'download', bytes: 60, total: 100 },
      { phase: 'done', bytes: 0, total: 0 },
    ]);
  });

  it('a failed run is an error, not a snapshot', async () => {
    const { h } = handlers('failed');
    await expect(h['etcd.backup']({}, ctx)).rejects.toMatchObject({ code: 'run_failed' });
  });
});

describe('etcd.restore', () => {
  it('a snapshot that is not listed is refused, naming the field, before any run starts', async () => {
    const { h, started } = handlers('succeeded');
    await expect(
      h['etcd.restore']({ file: FILE, confirm: 'kubernetes' }, ctx),
    ).rejects.toMatchObject({ code: 'no_such_snapshot', field: 'file' });
    expect(started).toEqual([]);
  });

  it('a file that is not the listed snapshot is refused before any run starts', async () => {
    const { h, started, folder } = handlers('succeeded');
    await recordSnapshot(folder, listed);
    writeFileSync(join(folder, FILE), 'not it');
    await expect(
      h['etcd.restore']({ file: FILE, confirm: 'kubernetes' }, ctx),
    ).rejects.toMatchObject({ code: 'snapshot_corrupt', field: 'file' });
    expect(started).toEqual([]);
  });

  it('starts restore-etcd with the typed confirmation for the run service to check', async () => {
    const { h, started, folder } = handlers('succeeded');
    const bytes = Buffer.from('snapshot');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await recordSnapshot(folder, { ...listed, size: bytes.length, sha256 });
    writeFileSync(join(folder, FILE), bytes);
    const out = await h['etcd.restore']({ file: FILE, confirm: 'typed' }, ctx);
    expect(started).toEqual([
      { operation: 'restore-etcd', params: { folder, file: FILE }, confirm: 'typed' },
    ]);
    expect(out.snapshot.sha256).toBe(sha256);
  });
});
