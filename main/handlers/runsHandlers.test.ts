import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requests } from '../../common/contract';
import type { RunState } from '../../common/model/runEvent';
import { MemoryLogSink } from '../engine/logSink';
import { acquireRunLock } from '../store/runLock';
import { projectRunRecords } from '../store/runRecords';
import { FileProjectStore, untitledProject } from '../store/projectStore';
import { createRunsHandlers } from './runsHandlers';

const ctx = { face: 'web' as const };
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const install: RunState = {
  runId: 'r20261207-060000-aaaaaa',
  startedAt: '2026-12-07T06:00:00.000Z',
  finishedAt: '2026-12-07T06:01:00.000Z',
  outcome: 'failed',
  tasks: [
    {
      stepId: 'kubeadm-init',
      nodeId: 'master1',
      status: 'failed',
      attempts: 1,
      error: { code: 'step_failed', message: 'kubeadm init exited 1' },
    },
    {
      stepId: 'join-node',
      nodeId: 'node1',
      status: 'skipped',
      attempts: 0,
      skipReason: 'kubeadm-init',
    },
  ],
};
const reset: RunState = {
  runId: 'r20261207-063000-bbbbbb',
  kind: 'reset-node',
  params: { nodeId: 'node1' },
  startedAt: '2026-12-07T06:30:00.000Z',
  tasks: [{ stepId: 'reset-node', nodeId: 'node1', status: 'running', attempts: 1 }],
};

async function projectWithRuns(): Promise<{ store: FileProjectStore; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'kubelab-runs-'));
  dirs.push(dir);
  const file = join(dir, 'kubelab.yaml');
  const store = new FileProjectStore({ ...untitledProject(), runState: install }, file);
  await store.save();
  await projectRunRecords(store).save(reset);
  return { store, file };
}

describe('runs handlers', () => {
  it('lists the cluster record and the operations’ records newest first, with who started them', async () => {
    const { store, file } = await projectWithRuns();
    // The reset was started from the CLI; a later retry from the UI keeps that origin.
    const cli = acquireRunLock(file, { face: 'cli', command: 'reset', kind: 'reset-node' });
    cli.setRunId(reset.runId);
    cli.release();
    const ui = acquireRunLock(file, { face: 'web', command: 'serve', kind: 'retry' });
    ui.setRunId(reset.runId);
    ui.release();

    const { runs } = await createRunsHandlers(store)['runs.list']({}, ctx);
    expect(runs.map((r) => [r.runId, r.operation, r.outcome, r.origin])).toEqual([
      [reset.runId, 'reset-node', 'unfinished', 'cli'],
      [install.runId, 'install', 'failed', 'unknown'],
    ]);
    expect(runs[1]?.cells[0]).toMatchObject({
      stepId: 'kubeadm-init',
      status: 'failed',
      error: 'kubeadm init exited 1',
    });
  });

  it('reads a cell’s log from the named run only, refusing a run or cell the project does not have', async () => {
    const { store } = await projectWithRuns();
    const sink = new MemoryLogSink();
    await sink.append(install.runId, 'master1', 'kubeadm-init', 'init output\n');
    await sink.append('r20261207-070000-cccccc', 'node1', 'reset-node', 'another run\n');
    const h = createRunsHandlers(store, sink);
    const log = await h['runs.log'](
      { runId: install.runId, stepId: 'kubeadm-init', nodeId: 'master1', maxBytes: 4096 },
      ctx,
    );
    expect(log).toMatchObject({ runId: install.runId, text: 'init output\n' });
    await expect(
      h['runs.log'](
        { runId: 'r20261207-070000-cccccc', stepId: 'reset-node', nodeId: 'node1', maxBytes: 4096 },
        ctx,
      ),
    ).rejects.toMatchObject({ field: 'runId' });
    await expect(
      h['runs.log'](
        { runId: reset.runId, stepId: 'kubeadm-init', nodeId: 'node1', maxBytes: 4096 },
        ctx,
      ),
    ).rejects.toMatchObject({ field: 'stepId' });
  });

  it('redacts a secret a log kept from before a redaction rule existed', async () => {
    const { store } = await projectWithRuns();
    const sink = new MemoryLogSink();
    // A bootstrap token as `kubeadm token create` prints it ([a-z0-9]{6}.[a-z0-9]{16}), raw.
    await sink.append(install.runId, 'master1', 'kubeadm-init', 'token abcdef.0123456789abcdef\n');
    const log = await createRunsHandlers(store, sink)['runs.log'](
      { runId: install.runId, stepId: 'kubeadm-init', nodeId: 'master1', maxBytes: 4096 },
      ctx,
    );
    expect(log.text).toBe('token <redacted>\n');
  });

  it('validates ids before any file is named: a path in a run id is refused by the contract', () => {
    const parsed = requests['runs.log'].payload.safeParse({
      runId: '../../etc',
      stepId: 'kubeadm-init',
      nodeId: 'master1',
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['runId']);
  });
});
