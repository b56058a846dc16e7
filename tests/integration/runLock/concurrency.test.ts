// One run per project (issue 14, defect 5), across real processes and faces: the built `kubelab`
// CLI against itself and against the web face's contract (dispatch, as `kubelab serve` calls it).
// No lab needed: the nodes are a local "tarpit" that accepts TCP and never sends an SSH banner,
// so a run holds the project for the SSH connect timeout — long enough to race it.
// Needs `npx electron-vite build` (out/main/cli.js).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../common/model/runEvent';
import { guideNodes, guidePlan } from '../../../common/plan/presets';
import { dispatch } from '../../../main/api/dispatch';
import { createBackend } from '../../../main/backend';
import { INSTALL_STEPS } from '../../../main/steps';
import { JsonSettingsStore } from '../../../main/store/jsonSettingsStore';
import { saveProject } from '../../../main/store/projectFile';
import { FileProjectStore } from '../../../main/store/projectStore';
import { lockPathFor, type LockHolder } from '../../../main/store/runLock';
import { FakeLab } from '../../fakes/fakeRemote';

const REPO = resolve(import.meta.dirname, '..', '..', '..');
const BIN = join(REPO, 'bin', 'kubelab.js');

let dir: string;
let file: string;
const tarpits: Server[] = [];
const sockets = new Set<Socket>();
const children = new Set<ChildProcess>();

interface Cli {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

function apply(): Cli {
  // --ignore-preflight: this suite is about the run lock; preflight (which takes no lock) against
  // the tarpit nodes would only add their connect timeouts.
  const child = spawn(process.execPath, [BIN, 'apply', '-f', file, '--ignore-preflight'], {
    env: {
      ...process.env,
      KUBELAB_CONFIG_DIR: join(dir, 'config'),
      KUBELAB_PASSWORD: 'not-used',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let err = '';
  child.stderr?.on('data', (b: Buffer) => void (err += b.toString()));
  child.stdout?.resume();
  const exited = new Promise<number | null>((done) =>
    child.on('exit', (code) => {
      children.delete(child);
      done(code);
    }),
  );
  return { child, stderr: () => err, exited };
}

async function until<T>(what: string, probe: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const holder = (): LockHolder | undefined => {
  try {
    return JSON.parse(readFileSync(lockPathFor(file), 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
};
const heldBy = (pid: number | undefined): Promise<LockHolder> =>
  until(`the lock held by ${pid}`, () => {
    const h = holder();
    return h?.pid === pid ? h : undefined;
  });

/** A server that accepts and never answers (no SSH banner); resolves with its port. */
async function listen(host: string, port: number): Promise<number> {
  const server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  tarpits.push(server);
  await new Promise<void>((r) => server.listen(port, host, r));
  return (server.address() as { port: number }).port;
}

beforeAll(async () => {
  if (!existsSync(join(REPO, 'out', 'main', 'cli.js')))
    throw new Error('run `npx electron-vite build` first');
  dir = mkdtempSync(join(tmpdir(), 'kubelab-runlock-'));
  file = join(dir, 'kubelab.yaml');
  // Three loopback addresses (all of 127/8 is local on Linux), one port, never leaving loopback.
  const port = await listen('127.0.0.1', 0);
  for (const host of ['127.0.0.2', '127.0.0.3']) await listen(host, port);
  const nodes = guideNodes().map((n, i) => ({ ...n, address: `127.0.0.${i + 1}`, port }));
  await saveProject(file, {
    schemaVersion: 1,
    nodes,
    plan: { ...guidePlan(), advertiseAddress: '127.0.0.1' },
  });
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const s of sockets) s.destroy();
  for (const t of tarpits) await new Promise((r) => t.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('one run per project', () => {
  it('CLI + CLI: the second apply is refused naming the first; after SIGKILL the next takes over', async () => {
    const a = apply();
    const held = await heldBy(a.child.pid);
    expect(held).toMatchObject({ face: 'cli', command: 'apply', kind: 'install' });
    const b = apply();
    expect(await b.exited).not.toBe(0);
    expect(b.stderr()).toMatch(
      new RegExp(
        `kubelab apply \\(pid ${a.child.pid}, started \\d\\d:\\d\\d\\) is running an install on this project`,
      ),
    );
    a.child.kill('SIGKILL');
    await a.exited;
    expect(holder()?.pid).toBe(a.child.pid); // a crash leaves the lock behind
    const c = apply();
    await heldBy(c.child.pid);
    await until('the take-over note', () =>
      /took over the run lock of kubelab apply \(pid \d+, started \d\d:\d\d\), which is no longer running/.test(
        c.stderr(),
      )
        ? true
        : undefined,
    );
    expect(c.stderr()).toContain(`pid ${a.child.pid}`);
    // Ctrl-C: the run is cancelled and the lock released on the way out.
    c.child.kill('SIGINT');
    await c.exited;
    expect(holder()).toBeUndefined();
  });

  it('CLI + web: each refuses the other, naming it', async () => {
    const a = apply();
    await heldBy(a.child.pid);
    const store = new FileProjectStore();
    await store.open(file);
    const lab = new FakeLab(() => ({ rules: [{ match: /.*/, delayMs: 60_000 }] }));
    const backend = createBackend({
      face: 'web',
      settingsStore: new JsonSettingsStore(join(dir, 'settings.json')),
      projectStore: store,
      install: { steps: INSTALL_STEPS, remoteFor: lab.remoteFor },
    });
    const call = (name: string, payload: unknown): ReturnType<typeof dispatch> =>
      dispatch(backend.handlers, name, payload, { face: 'web' });
    try {
      const refused = await call('run.start', { operation: 'install' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'run_in_progress' } });
      expect(JSON.stringify(refused)).toMatch(
        new RegExp(
          `kubelab apply \\(pid ${a.child.pid}, started \\d\\d:\\d\\d\\) is running an install`,
        ),
      );
      a.child.kill('SIGINT');
      await a.exited;
      expect(holder()).toBeUndefined();

      const finished = new Promise<void>((done) =>
        backend.bus.subscribe((name, payload) => {
          if (name === 'install.event' && (payload as RunEvent).type === 'run-finished') done();
        }),
      );
      expect(await call('run.start', { operation: 'install' })).toMatchObject({ ok: true });
      expect(holder()).toMatchObject({ pid: process.pid, face: 'web', command: 'serve' });
      const b = apply();
      expect(await b.exited).not.toBe(0);
      expect(b.stderr()).toMatch(
        new RegExp(
          `kubelab serve \\(the web app\\) \\(pid ${process.pid}, started \\d\\d:\\d\\d\\) is running an install on this project`,
        ),
      );
      expect(await call('install.cancel', {})).toMatchObject({ ok: true });
      await finished;
      expect(holder()).toBeUndefined();
    } finally {
      backend.nodes.close();
    }
  });
});
