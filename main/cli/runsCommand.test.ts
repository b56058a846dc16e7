import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunState } from '../../common/model/runEvent';
import { FileLogSink } from '../engine/fileLogSink';
import { acquireRunLock } from '../store/runLock';
import { FileProjectStore, untitledProject } from '../store/projectStore';
import { projectRunRecords } from '../store/runRecords';
import { runRunsList, runRunsLog, runRunsShow } from './runsCommand';

const dirs: string[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function capture(): {
  io: { out(t: string): void; err(t: string): void; tty: boolean };
  out: string[];
  err: string[];
} {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (t) => void out.push(t), err: (t) => void err.push(t), tty: false },
    out,
    err,
  };
}

const failedInstall: RunState = {
  runId: 'r20261207-060000-aaaaaa',
  startedAt: '2026-12-07T06:00:00.000Z',
  finishedAt: '2026-12-07T06:02:00.000Z',
  outcome: 'failed',
  tasks: [
    {
      stepId: 'kubeadm-init',
      nodeId: 'master1',
      status: 'failed',
      attempts: 2,
      error: { code: 'step_failed', message: 'kubeadm init exited 1' },
    },
    { stepId: 'join-node', nodeId: 'node1', status: 'skipped', attempts: 0 },
  ],
};
const backup: RunState = {
  runId: 'r20261207-070000-bbbbbb',
  kind: 'backup-etcd',
  startedAt: '2026-12-07T07:00:00.000Z',
  finishedAt: '2026-12-07T07:00:05.000Z',
  outcome: 'succeeded',
  tasks: [{ stepId: 'etcd-snapshot', nodeId: 'master1', status: 'done', attempts: 1 }],
};

async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kubelab-runs-cli-'));
  dirs.push(dir);
  vi.stubEnv('KUBELAB_CONFIG_DIR', join(dir, 'config'));
  const file = join(dir, 'kubelab.yaml');
  const store = new FileProjectStore({ ...untitledProject(), runState: failedInstall }, file);
  await store.save();
  await projectRunRecords(store).save(backup);
  const lock = acquireRunLock(file, { face: 'cli', command: 'etcd', kind: 'backup-etcd' });
  lock.setRunId(backup.runId);
  lock.release();
  await new FileLogSink(join(dir, 'config')).append(
    failedInstall.runId,
    'master1',
    'kubeadm-init',
    '[init] Using Kubernetes version\nerror execution phase wait-control-plane\n',
  );
  return file;
}

describe('kubelab runs', () => {
  it('lists every run newest first with its operation, origin, outcome and step counts', async () => {
    const file = await project();
    const c = capture();
    expect(await runRunsList({ file, json: false }, c.io)).toBe(0);
    const lines = c.out.join('').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RUN\s+OPERATION\s+FROM\s+STARTED\s+OUTCOME\s+STEPS$/);
    expect(lines[1]).toMatch(
      /^r20261207-070000-bbbbbb\s+backup-etcd\s+cli\s+\S+\s+succeeded\s+1 done$/,
    );
    expect(lines[2]).toMatch(
      /^r20261207-060000-aaaaaa\s+install\s+unknown\s+\S+\s+failed\s+1 failed, 1 skipped$/,
    );
  });

  it('shows a run’s cells with the error, and prints a cell’s log', async () => {
    const file = await project();
    const show = capture();
    expect(await runRunsShow(failedInstall.runId, { file, json: false }, show.io)).toBe(0);
    expect(show.out.join('')).toMatch(
      /master1\s+kubeadm-init\s+failed \(2 attempts\)\n\s+error: kubeadm init exited 1/,
    );
    const log = capture();
    expect(await runRunsLog(failedInstall.runId, 'master1', 'kubeadm-init', { file }, log.io)).toBe(
      0,
    );
    expect(log.out.join('')).toContain('error execution phase wait-control-plane');
  });

  it('refuses an unknown run and a malformed run id with exit 2, naming them', async () => {
    const file = await project();
    const unknown = capture();
    expect(await runRunsShow('r20991231-000000-ffffff', { file, json: false }, unknown.io)).toBe(2);
    expect(unknown.err.join('')).toContain('this project has no run r20991231-000000-ffffff');
    const bad = capture();
    expect(await runRunsLog('../etc', 'master1', 'kubeadm-init', { file }, bad.io)).toBe(2);
    expect(bad.err.join('')).toContain('runId');
  });
});
