// Issue 15: add-node and reset-node started from the UI's contract and from the CLI produce the
// same recorded run — the same operation and the same step ids on the same machines — because
// both go through the one RunService over the project's records.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../common/model/project';
import type { RunEvent, RunResult, RunState } from '../../common/model/runEvent';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { FakeLab } from '../../tests/fakes/fakeRemote';
import { dispatch } from '../api/dispatch';
import { createBackend } from '../backend';
import { saveProject } from '../store/projectFile';
import { FileProjectStore } from '../store/projectStore';
import { projectRunRecords } from '../store/runRecords';
import { runWithProgress, type CliIo, type CliStart } from './progressRun';

let dir: string;
const savedEnv = process.env.KUBELAB_CONFIG_DIR;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubelab-faces-'));
  process.env.KUBELAB_CONFIG_DIR = join(dir, 'config');
});
afterAll(async () => {
  if (savedEnv === undefined) delete process.env.KUBELAB_CONFIG_DIR;
  else process.env.KUBELAB_CONFIG_DIR = savedEnv;
  await rm(dir, { recursive: true, force: true });
});

const quietIo: CliIo = { out: () => undefined, err: () => undefined, tty: false };

/** A project of its own for each face (the guide's machines; node2 not yet in the cluster). */
async function project(name: string): Promise<FileProjectStore> {
  const file = join(dir, `${name}.kubelab.yaml`);
  const p: Project = { schemaVersion: 1, nodes: guideNodes(), plan: guidePlan() };
  await saveProject(file, p);
  const store = new FileProjectStore();
  await store.open(file);
  return store;
}

/** What a recorded run says: its operation, and its cells. */
function shape(state: RunState | undefined): { kind?: string; cells: string[] } {
  return {
    kind: state?.kind,
    cells: (state?.tasks ?? []).map((t) => `${t.stepId}/${t.nodeId}`),
  };
}

async function viaContract(
  store: FileProjectStore,
  name: 'run.start',
  payload: unknown,
): Promise<void> {
  const { handlers, bus } = createBackend({
    face: 'web',
    settingsStore: { read: async () => ({}), write: async () => undefined } as never,
    projectStore: store,
    install: { remoteFor: new FakeLab().remoteFor },
  });
  const finished = new Promise<RunResult>((resolve) =>
    bus.subscribe((event, p) => {
      const e = p as RunEvent;
      if (event === 'install.event' && e.type === 'run-finished') resolve(e.result);
    }),
  );
  const res = await dispatch(handlers, name, payload, { face: 'web' });
  expect(res).toMatchObject({ ok: true });
  await finished;
}

async function viaCli(
  store: FileProjectStore,
  start: CliStart,
  lab = new FakeLab(),
): Promise<void> {
  await runWithProgress({
    session: {
      store,
      project: () => store.get(),
      remotes: { remoteFor: lab.remoteFor, close: () => undefined },
    },
    start,
    io: quietIo,
    verbose: false,
  });
}

describe('the UI and the CLI record the same run', () => {
  it('add-node: the same operation and cells in the cluster’s record', async () => {
    const ui = await project('ui-add');
    const cli = await project('cli-add');
    await viaContract(ui, 'run.start', { operation: 'add-node', params: { nodeIds: ['node2'] } });
    await viaCli(cli, { kind: 'add-node', params: { nodeIds: ['node2'] } });
    const a = shape(ui.get().runState);
    expect(a.kind).toBe('add-node');
    expect(a.cells).toContain('add-node/node2');
    expect(shape(cli.get().runState)).toEqual(a);
  }, 60_000);

  it('reset-node: the same operation and cells in the run records, the cluster’s record kept', async () => {
    const ui = await project('ui-reset');
    const cli = await project('cli-reset');
    await viaContract(ui, 'run.start', {
      operation: 'reset-node',
      params: { nodeId: 'node2' },
      confirm: guidePlan().clusterName,
    });
    const lab = new FakeLab();
    await viaCli(cli, { kind: 'reset-node', params: { nodeId: 'node2' } }, lab);
    // Drained first, on the control plane (reset-node's prelude), as the UI's reset is.
    const drains = lab.calls.filter((c) => c.env?.KL_MODE === 'drain');
    expect(drains.map((c) => c.nodeId)).toEqual(['master1']);
    const [uiRun] = await projectRunRecords(ui).list();
    const [cliRun] = await projectRunRecords(cli).list();
    expect(shape(uiRun)).toEqual({ kind: 'reset-node', cells: ['reset-node/node2'] });
    expect(shape(cliRun)).toEqual(shape(uiRun));
    expect(cliRun?.params).toEqual({ nodeId: 'node2' });
    expect(cli.get().runState).toBeUndefined();
  });
});
