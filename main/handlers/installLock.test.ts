// The run lock through the contract (issue 14, defect 5): held while a wet run goes, named in the
// refusal, and released when the run ends — succeeded or failed — and when it is refused early.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent, RunResult } from '../../common/model/runEvent';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { FakeLab } from '../../tests/fakes/fakeRemote';
import { dispatch } from '../api/dispatch';
import { createBackend } from '../backend';
import { prepareOs } from '../engine/testing/exampleSteps';
import { JsonSettingsStore } from '../store/jsonSettingsStore';
import { saveProject } from '../store/projectFile';
import { FileProjectStore } from '../store/projectStore';
import { acquireRunLock, lockPathFor } from '../store/runLock';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setup(lab: FakeLab): Promise<{
  file: string;
  call: (name: string, payload?: unknown) => ReturnType<typeof dispatch>;
  finished: () => Promise<RunResult>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-install-lock-'));
  dirs.push(dir);
  const file = join(dir, 'kubelab.yaml');
  await saveProject(file, { schemaVersion: 1, nodes: guideNodes(), plan: guidePlan() });
  const store = new FileProjectStore();
  await store.open(file);
  const backend = createBackend({
    face: 'desktop',
    settingsStore: new JsonSettingsStore(join(dir, 'settings.json')),
    projectStore: store,
    install: { steps: [{ ...prepareOs, retries: 0 }], remoteFor: lab.remoteFor },
  });
  const finished = (): Promise<RunResult> =>
    new Promise((done) =>
      backend.bus.subscribe((name, payload) => {
        const e = payload as RunEvent;
        if (name === 'install.event' && e.type === 'run-finished') done(e.result);
      }),
    );
  return {
    file,
    call: (name, payload = {}) => dispatch(backend.handlers, name, payload, { face: 'desktop' }),
    finished,
  };
}

describe('install runs hold the project lock', () => {
  it('while running, names the desktop app; released when the run succeeds', async () => {
    // Already done on every node, after a moment (so the run is seen holding the lock).
    const lab = new FakeLab(() => ({
      rules: [{ match: /check:prepare-os/, reply: { code: 0 }, delayMs: 200 }],
    }));
    const { file, call, finished } = await setup(lab);
    const done = finished();
    expect(await call('run.start', { operation: 'install' })).toMatchObject({ ok: true });
    expect(JSON.parse(readFileSync(lockPathFor(file), 'utf8'))).toMatchObject({
      pid: process.pid,
      face: 'desktop',
      kind: 'install',
    });
    expect(() => acquireRunLock(file, { face: 'cli', command: 'apply', kind: 'install' })).toThrow(
      /^the kubelab desktop app \(pid \d+, started \d\d:\d\d\) is running an install/,
    );
    expect((await done).outcome).toBe('succeeded');
    expect(existsSync(lockPathFor(file))).toBe(false);
  });

  it('released when the run fails, and a held lock refuses the start before anything is sent', async () => {
    const lab = new FakeLab(() => ({ rules: [{ match: /prepare-os/, reply: { code: 1 } }] }));
    const { file, call, finished } = await setup(lab);
    const done = finished();
    expect(await call('run.start', { operation: 'install' })).toMatchObject({ ok: true });
    expect((await done).outcome).toBe('failed');
    expect(existsSync(lockPathFor(file))).toBe(false);
    const calls = lab.calls.length;
    const other = acquireRunLock(file, { face: 'cli', command: 'apply', kind: 'install' });
    try {
      const refused = await call('run.start', { operation: 'install' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'run_in_progress' } });
      expect(JSON.stringify(refused)).toMatch(/kubelab apply \(pid \d+, started/);
      expect(await call('install.skip', { stepId: 'prepare-os', nodeId: 'master1' })).toMatchObject(
        { ok: false, error: { code: 'run_in_progress' } },
      );
      expect(lab.calls.length).toBe(calls);
    } finally {
      other.release();
    }
  });
});
