// Issue 15: add-node and reset-node started from the UI's contract and from the CLI produce the
// same recorded run — the same operation and the same step ids on the same machines — because
// both go through the one RunService over the project's records.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
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
import { MemorySecretStore } from '../store/secrets';
import { runAddNode } from './addNodeCommand';
import { runApply } from './applyCommand';
import { openCliBackend, type CliBackend, type CliBackendOptions } from './cliBackend';
import type { CliIo } from './ioAndExitStatus';
import { runReset } from './resetCommand';

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

/** Opens the real CLI back end with the lab's machines, recording every contract call it makes. */
function labOpen(lab: FakeLab): {
  open: (o: CliBackendOptions) => Promise<CliBackend>;
  calls: Array<{ name: string; payload: unknown }>;
} {
  const calls: Array<{ name: string; payload: unknown }> = [];
  return {
    calls,
    open: async (o) => {
      const cli = await openCliBackend({
        ...o,
        secrets: new MemorySecretStore(),
        remoteFor: lab.remoteFor,
      });
      return {
        ...cli,
        call: (name, payload) => {
          calls.push({ name, payload });
          return cli.call(name, payload);
        },
      };
    },
  };
}

const cliOpts = { acceptNewHostKeys: false, verbose: false };

describe('the UI and the CLI record the same run', () => {
  it('add-node: the same operation and cells in the cluster’s record', async () => {
    const ui = await project('ui-add');
    const cli = await project('cli-add');
    await viaContract(ui, 'run.start', { operation: 'add-node', params: { nodeIds: ['node2'] } });
    const { open, calls } = labOpen(new FakeLab());
    const code = await runAddNode({ ...cliOpts, file: cli.path() ?? '', node: 'node2' }, quietIo, {
      open,
    });
    // The CLI's run is the contract's: run.start with the operation and its params.
    expect(calls.filter((c) => c.name === 'run.start')).toEqual([
      {
        name: 'run.start',
        payload: { operation: 'add-node', params: { nodeIds: ['node2'] }, fresh: false },
      },
    ]);
    await cli.open(cli.path() ?? '');
    // The exit status is the recorded run's outcome (the scripted lab fails kube-packages).
    expect(code).toBe(cli.get().runState?.outcome === 'succeeded' ? 0 : 1);
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
    const file = cli.path() ?? '';
    const code = await runReset({ ...cliOpts, file, node: 'node2', yes: true }, quietIo, {
      open: labOpen(lab).open,
    });
    expect(code).toBe(0);
    await cli.open(file);
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

describe('a CLI run goes through run.start', () => {
  it('apply: a --concurrency the contract refuses names the field and flag; nothing runs', async () => {
    const store = await project('cli-concurrency');
    const file = store.path() ?? '';
    // A first install: preflight would run first (and reach the machines) were it not refused.
    const lab = new FakeLab();
    const { open, calls } = labOpen(lab);
    const run = runApply({ ...cliOpts, file, fresh: false, concurrency: 200 }, quietIo, { open });
    await expect(run).rejects.toThrow(/^concurrency \(--concurrency\): .*100/);
    // Refused by run.start's own schema before preflight could reach a machine.
    expect(calls).toEqual([]);
    expect(lab.calls).toEqual([]);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('reset-node: Ctrl-C asks the back end to cancel; the run ends cancelled, exit 130', async () => {
    const store = await project('cli-cancel');
    const file = store.path() ?? '';
    // The reset's cells hang (the drain before them, the prelude, answers at once).
    const hang = (_: string, env: Record<string, string>): boolean => env.KL_MODE !== 'drain';
    const lab = new FakeLab(() => ({ rules: [{ match: hang, delayMs: 30_000 }] }));
    const atWork = (): boolean => lab.calls.some((c) => c.env?.KL_MODE !== 'drain');
    const { open, calls } = labOpen(lab);
    const signals = new EventEmitter();
    const err: string[] = [];
    const io: CliIo = { out: () => undefined, err: (t) => void err.push(t), tty: false };
    const code = runReset({ ...cliOpts, file, node: 'node2', yes: true }, io, {
      open,
      signals,
    });
    // Once a cell is at work on a machine, Ctrl-C.
    for (let i = 0; i < 200 && !atWork(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(atWork()).toBe(true);
    signals.emit('SIGINT');
    expect(await code).toBe(130);
    expect(calls.map((c) => c.name)).toContain('install.cancel');
    expect(err.join('')).toContain('cancelling');
    const [recorded] = await projectRunRecords(store).list();
    expect(recorded?.outcome).toBe('cancelled');
    expect(existsSync(`${file}.lock`)).toBe(false);
  }, 20_000);
});
