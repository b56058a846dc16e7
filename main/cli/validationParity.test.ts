// Validation parity (issue 14, defect 4): the same bad project is refused with the same field
// errors by every entry into a run, on every face — the CLI's apply, add-node and reset, and the
// contract's run.start (wet and dry, install, add-node and resets), install.retry, preflight.fix and
// diagnosis.applyFix as the web host and the desktop window call them (dispatch) — and nothing is
// sent to any node. Before, install.start (now run.start) ran such a project to completion.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXES } from '../../common/diagnosis/fixes';
import type { AppErrorData } from '../../common/model/appError';
import { AppError } from '../../common/model/appError';
import type { Project } from '../../common/model/project';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { FakeLab } from '../../tests/fakes/fakeRemote';
import { dispatch } from '../api/dispatch';
import { createBackend } from '../backend';
import { INSTALL_STEPS } from '../steps';
import { JsonSettingsStore } from '../store/jsonSettingsStore';
import { saveProject } from '../store/projectFile';
import { FileProjectStore } from '../store/projectStore';
import { MemorySecretStore } from '../store/secrets';
import { runAddNode } from './addNodeCommand';
import { runApply } from './applyCommand';
import type { CliIo } from './ioAndExitStatus';
import { ReportFailed, runReport } from './reportCommand';
import { runReset } from './resetCommand';
import { runTokenCreate } from './tokenCommand';

/** Loads (the schema is satisfied) but must never reach a node: 6+ field errors. */
function badProject(): Project {
  // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): nothing answers there.
  const nodes = guideNodes().map((n, i) => ({ ...n, address: `192.0.2.${10 + i}` }));
  const [master, node1, node2] = nodes;
  if (!master || !node1 || !node2) throw new Error('guideNodes changed');
  node1.name = 'node1$(touch /tmp/kubelab-pwned)';
  node2.labels = { zone: '`reboot`' };
  node2.user = 'root;id';
  return {
    schemaVersion: 1,
    nodes,
    plan: {
      ...guidePlan(),
      clusterName: 'Bad Cluster',
      advertiseAddress: master.address,
      podCidr: '10.244.0.1/16',
      mirrors: { dockerRegistryMirrors: ['http://m.example";touch /tmp/x;"'] },
    },
    runState: {
      runId: 'r-parity',
      startedAt: '2026-12-06T19:00:00.000Z',
      outcome: 'failed',
      tasks: [{ stepId: 'prepare-os', nodeId: 'master1', status: 'failed', attempts: 1 }],
    },
  } as Project;
}

let dir: string;
let file: string;
let text: string;
const savedEnv = process.env.KUBELAB_CONFIG_DIR;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubelab-parity-'));
  file = join(dir, 'kubelab.yaml');
  await saveProject(file, badProject());
  text = await readFile(file, 'utf8');
  process.env.KUBELAB_CONFIG_DIR = join(dir, 'config');
});
afterAll(async () => {
  if (savedEnv === undefined) delete process.env.KUBELAB_CONFIG_DIR;
  else process.env.KUBELAB_CONFIG_DIR = savedEnv;
  await rm(dir, { recursive: true, force: true });
});

const quietIo = (): CliIo => ({ out: () => undefined, err: () => undefined, tty: false });

async function thrown(p: Promise<unknown>): Promise<AppErrorData> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return { code: err.code, message: err.message, field: err.field };
}

describe('validation parity: every run entry refuses the same bad project the same way', () => {
  let expected: AppErrorData;

  it('kubelab apply refuses it before connecting, listing every field', async () => {
    const t0 = Date.now();
    expected = await thrown(
      runApply({ file, acceptNewHostKeys: false, verbose: false, fresh: false }, quietIo()),
    );
    expect(Date.now() - t0).toBeLessThan(5_000); // no connection attempt to 192.0.2.x
    expect(expected.code).toBe('invalid_plan');
    const fields = expected.message
      .split('\n')
      .slice(1)
      .map((l) => l.trim().split(':')[0]);
    expect(fields).toEqual(
      expect.arrayContaining([
        'clusterName',
        'podCidr',
        'mirrors.dockerRegistryMirrors.0',
        'nodes.1.name',
        'nodes.2.user',
        'nodes.2.labels.zone',
      ]),
    );
    expect(fields.length).toBeGreaterThanOrEqual(6);
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('kubelab add-node and kubelab reset refuse it identically', async () => {
    const common = { file, acceptNewHostKeys: false, verbose: false };
    expect(await thrown(runAddNode({ ...common, node: 'node2' }, quietIo()))).toEqual(expected);
    expect(await thrown(runReset({ ...common, yes: true }, quietIo()))).toEqual(expected);
    expect(await thrown(runReset({ ...common, yes: true, node: 'node1' }, quietIo()))).toEqual(
      expected,
    );
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  for (const face of ['web', 'desktop'] as const) {
    it(`the ${face} contract refuses it at every run entry, sending nothing`, async () => {
      const store = new FileProjectStore();
      await store.open(file);
      const lab = new FakeLab();
      const { handlers, nodes } = createBackend({
        face,
        settingsStore: new JsonSettingsStore(join(dir, 'settings.json')),
        projectStore: store,
        nodes: { connectTimeoutMs: 500 },
        install: {
          steps: INSTALL_STEPS,
          remoteFor: lab.remoteFor,
        },
      });
      try {
        const fixId = Object.keys(FIXES)[0];
        const calls: Array<[string, unknown]> = [
          ['run.start', { operation: 'install' }],
          ['run.start', { operation: 'install', fresh: true }],
          ['run.start', { operation: 'add-node', params: { nodeIds: ['node2'] } }],
          ['run.start', { operation: 'install', dryRun: true, probe: true }],
          ['run.start', { operation: 'install', nodes: ['node1'] }],
          ['install.retry', { stepId: 'prepare-os', nodeId: 'master1' }],
          ['run.start', { operation: 'reset-cluster', confirm: 'Bad Cluster' }],
          [
            'run.start',
            { operation: 'reset-node', params: { nodeId: 'node2' }, confirm: 'Bad Cluster' },
          ],
          ['preflight.fix', { checkId: 'swap', nodeId: 'master1', confirm: true }],
          ['diagnosis.applyFix', { nodeId: 'master1', fixId, confirm: true }],
        ];
        for (const [name, payload] of calls) {
          const res = await dispatch(handlers, name, payload, { face });
          expect(res, `${face} ${name} ${JSON.stringify(payload)}`).toEqual({
            ok: false,
            error: expected,
          });
        }
        expect(lab.calls).toEqual([]);
        expect(await readFile(file, 'utf8')).toBe(text);
      } finally {
        nodes.close();
      }
    });
  }
});

describe('validation parity: the CLI’s contract commands refuse what the contract refuses', () => {
  const captured = (): { io: { out(t: string): void; err(t: string): void }; err: string[] } => {
    const err: string[] = [];
    return { io: { out: () => undefined, err: (t) => void err.push(t) }, err };
  };

  /** The contract's refusal as the web host gets it: one `field: message` per issue. */
  async function contractIssues(name: string, payload: unknown): Promise<string[]> {
    const store = new FileProjectStore();
    await store.open(file);
    const { handlers, nodes } = createBackend({
      face: 'web',
      settingsStore: new JsonSettingsStore(join(dir, 'settings.json')),
      projectStore: store,
    });
    try {
      const res = await dispatch(handlers, name, payload, { face: 'web' });
      if (res.ok) throw new Error(`${name} was accepted`);
      expect(res.error.code).toBe('invalid_payload');
      return res.error.message.replace(/^[\w.]+: /, '').split('; ');
    } finally {
      nodes.close();
    }
  }

  /** The CLI's lines, without the command and the flag it names: `field: message`. */
  const cliIssues = (err: string[], command: string): string[] =>
    err
      .join('')
      .trimEnd()
      .split('\n')
      .map((l) => l.replace(`kubelab ${command}: `, '').replace(/ \([^)]*\)(?=: )/, ''));

  it('kubelab token create: the same fields as tokens.create, exit 2, nothing sent', async () => {
    const bad = { ttl: '2 days', description: 'two\nlines' };
    const c = captured();
    const t0 = Date.now();
    const code = await runTokenCreate(
      { file, acceptNewHostKeys: false, ...bad },
      { io: c.io, secrets: new MemorySecretStore() },
    );
    expect(Date.now() - t0).toBeLessThan(5_000); // no connection attempt to 192.0.2.x
    expect(code).toBe(2);
    expect(cliIssues(c.err, 'token create')).toEqual(await contractIssues('tokens.create', bad));
    expect(c.err.join('')).toContain('ttl (--ttl): ');
    expect(c.err.join('')).toContain('description (--description): ');
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('kubelab report: a relative or mistyped output is made absolute, a bad --lang refused', async () => {
    const c = captured();
    const code = await runReport(
      { file, output: join(dir, 'r.md'), format: 'html', lang: 'en', paper: 'A4' },
      { io: c.io, secrets: new MemorySecretStore() },
    ).catch((e: unknown) => (e instanceof ReportFailed ? e.code : -1));
    expect(code).toBe(2);
    const issues = await contractIssues('report.export', {
      format: 'html',
      path: join(dir, 'r.md'),
      lang: 'en',
    });
    expect(cliIssues(c.err, 'report')).toEqual(issues);
    expect(c.err.join('')).toContain('path (-o): ');
  });
});
