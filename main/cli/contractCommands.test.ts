// Issue 15: the converted CLI commands are "parse flags → call the contract → print". Each test
// runs a command on a real project file through the real CLI back end (dispatch and the
// contract's schemas), with only the machine-reaching handlers canned: the flags must become the
// right request, a refusal must name the field and its flag and exit 2 before any handler runs.
import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../common/model/appError';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { capture, recordingOpen } from '../../tests/fakes/recordingCliBackend';
import { saveProject } from '../store/projectFile';
import { EXIT_INTERRUPTED } from './cliBackend';
import { EXIT_CERTS_EXPIRED, runCerts } from './certsCommand';
import { runEtcdList } from './etcdCommand';
import { runKubeconfig } from './kubeconfigCommand';
import { runProjectPreflight } from './preflightCommand';
import { runStatus } from './statusCommand';
import { runTokenCreate, runTokenDelete, runTokenList } from './tokenCommand';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubelab-cli-contract-'));
  file = join(dir, 'kubelab.yaml');
  await saveProject(file, { schemaVersion: 1, nodes: guideNodes(), plan: guidePlan() });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const base = (): { file: string; acceptNewHostKeys: boolean } => ({
  file,
  acceptNewHostKeys: false,
});

const join1 = 'kubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef';

describe('kubelab token through the contract', () => {
  const canned = {
    'tokens.create': () => ({ id: 'abcdef', command: join1 }),
    'tokens.delete': ({ id }: { id: string }) => ({ id }),
    'tokens.list': () => ({ nodeId: 'master1', nodeName: 'master1', tokens: [] }),
  };

  it('create: --ttl and --description become tokens.create, the join command is printed', async () => {
    const rec = recordingOpen(canned);
    const c = capture();
    const opts = { ...base(), ttl: '90m', description: 'for node3' };
    expect(await runTokenCreate(opts, { io: c.io, open: rec.open })).toBe(0);
    expect(rec.requests).toEqual([
      { name: 'tokens.create', payload: { ttl: '90m', description: 'for node3' } },
    ]);
    expect(c.out.join('')).toBe(`${join1}\n`);
    expect(rec.closed()).toBe(1);
  });

  it('create: a bad --ttl is refused by the contract, naming the field and flag (exit 2)', async () => {
    const rec = recordingOpen(canned);
    const c = capture();
    const opts = { ...base(), ttl: '2 days', description: '' };
    expect(await runTokenCreate(opts, { io: c.io, open: rec.open })).toBe(2);
    expect(c.err.join('')).toBe(
      'kubelab token create: ttl (--ttl): must be a duration such as 24h, 90m or 0\n',
    );
    expect(rec.requests).toEqual([]);
    expect(rec.closed()).toBe(1);
  });

  it('delete: a bad id is refused naming <id>; a good one is sent', async () => {
    const rec = recordingOpen(canned);
    const c = capture();
    expect(await runTokenDelete('NOT A TOKEN', base(), { io: c.io, open: rec.open })).toBe(2);
    expect(c.err.join('')).toMatch(/^kubelab token delete: id \(<id>\): /);
    expect(await runTokenDelete('abcdef', base(), { io: c.io, open: rec.open })).toBe(0);
    expect(rec.requests).toEqual([{ name: 'tokens.delete', payload: { id: 'abcdef' } }]);
    expect(c.out.join('')).toBe('bootstrap token abcdef deleted\n');
  });

  it('list: tokens.list with an empty payload, the table printed', async () => {
    const rec = recordingOpen(canned);
    const c = capture();
    expect(await runTokenList({ ...base(), json: false }, { io: c.io, open: rec.open })).toBe(0);
    expect(rec.requests).toEqual([{ name: 'tokens.list', payload: {} }]);
    expect(c.out.join('')).toContain('no bootstrap token on master1');
  });
});

describe('kubelab certs, kubeconfig, etcd list through the contract', () => {
  it('certs: certs.list, exit 4 when a node could not be read', async () => {
    const rec = recordingOpen({
      'certs.list': () => ({
        checkedAt: '2026-12-07T00:00:00.000Z',
        warnDays: 30,
        entries: [],
        errors: [{ nodeId: 'node1', nodeName: 'node1', message: 'exit 255' }],
      }),
    });
    const c = capture();
    const code = await runCerts({ ...base(), json: false }, { io: c.io, open: rec.open });
    expect(code).toBe(EXIT_CERTS_EXPIRED);
    expect(rec.requests).toEqual([{ name: 'certs.list', payload: {} }]);
    expect(c.out.join('')).toContain('node1: not read: exit 255');
  });

  it('kubeconfig: cluster.kubeconfig written 0600 under the file name the back end gives', async () => {
    const rec = recordingOpen({
      'cluster.kubeconfig': () => ({
        filename: 'guide-admin.conf',
        kubeconfig: 'apiVersion: v1\n',
        servers: ['https://10.0.0.1:6443'],
        rewritten: false,
        nodeId: 'master1',
      }),
    });
    const c = capture();
    const output = join(dir, 'admin.conf');
    const opts = { ...base(), output, force: false };
    expect(await runKubeconfig(opts, { io: c.io, open: rec.open })).toBe(0);
    expect(await readFile(output, 'utf8')).toBe('apiVersion: v1\n');
    expect((await stat(output)).mode & 0o777).toBe(0o600);
    expect(c.err.join('')).toContain('server https://10.0.0.1:6443');
    // An existing file is not overwritten without --force: exit 1, said, file unchanged.
    expect(await runKubeconfig(opts, { io: c.io, open: rec.open })).toBe(1);
    expect(c.err.join('')).toContain('already exists');
  });

  it('etcd list: etcd.list of the project’s folder, no vault asked', async () => {
    const c = capture();
    const io = { ...c.io, tty: false };
    expect(await runEtcdList({ file, json: true }, io)).toBe(0);
    expect(JSON.parse(c.out.join(''))).toEqual({
      folder: join(dir, 'kubelab.snapshots'),
      snapshots: [],
    });
  });
});

describe('kubelab status --live through the contract', () => {
  const table =
    'NAME      STATUS   ROLES           AGE   VERSION\nmaster1   Ready    control-plane   5m    v1.18.2\n';

  it('prints the recorded state, then cluster.nodes’ table', async () => {
    const rec = recordingOpen({
      'cluster.nodes': () => ({ nodeId: 'master1', nodeName: 'master1', table }),
    });
    const c = capture();
    const opts = { file, live: true, json: false };
    expect(await runStatus(opts, { ...c.io, tty: false }, { open: rec.open })).toBe(0);
    expect(rec.requests).toEqual([{ name: 'cluster.nodes', payload: {} }]);
    expect(c.out.join('')).toBe(
      `no run recorded in the project (run \`kubelab apply\`)\n\n${table}`,
    );
    expect(rec.closed()).toBe(1);
  });

  it('kubectl failing on the control plane: said naming it, exit 1', async () => {
    const rec = recordingOpen({
      'cluster.nodes': () => {
        throw new AppError({
          code: 'kubectl_failed',
          message: 'kubectl on master1 failed: connection refused',
        });
      },
    });
    const c = capture();
    const opts = { file, live: true, json: false };
    expect(await runStatus(opts, { ...c.io, tty: false }, { open: rec.open })).toBe(1);
    expect(c.err.join('')).toBe('kubelab status: kubectl on master1 failed: connection refused\n');
  });

  it('without --live, no back end is opened', async () => {
    const rec = recordingOpen({});
    const c = capture();
    const opts = { file, live: false, json: true };
    expect(await runStatus(opts, { ...c.io, tty: false }, { open: rec.open })).toBe(0);
    expect(c.out.join('')).toBe('null\n');
    expect(rec.closed()).toBe(0);
  });
});

describe('kubelab preflight through the contract', () => {
  const run = {
    checkedAt: '2026-12-07T00:00:00.000Z',
    durationMs: 10,
    report: {
      ok: true,
      counts: { block: 0, warn: 0, pass: 0, unknown: 0 },
      results: [],
    },
    matrices: [],
    listeners: [],
    unreachable: [],
  };
  const opts = {
    json: false,
    lang: 'en' as const,
    all: false,
    matrix: false,
    existing: true,
    params: {},
    yes: false,
  };

  it('--no-matrix --existing become preflight.run { matrix: false, context: existing }', async () => {
    const rec = recordingOpen({ 'preflight.run': () => run });
    const c = capture();
    expect(await runProjectPreflight({ ...base(), ...opts }, { io: c.io, open: rec.open })).toBe(0);
    expect(rec.requests).toEqual([
      { name: 'preflight.run', payload: { matrix: false, context: 'existing' } },
    ]);
    expect(c.out.join('')).toMatch(/^preflight: 0 blocking/);
  });

  it('--fix with a bad --node is refused by preflight.fix’s schema, naming --node', async () => {
    const failing = {
      ...run,
      report: {
        ...run.report,
        ok: false,
        results: [
          {
            checkId: 'swap',
            nodeIds: ['node1'],
            status: 'fail',
            severity: 'block',
            message: { en: 'swap is on', zh: 'swap 已开启' },
          },
        ],
      },
    };
    const rec = recordingOpen({
      'preflight.run': () => failing as typeof run,
      'preflight.fix': () => {
        throw new Error('must not run');
      },
    });
    const c = capture();
    const fix = { ...opts, fix: 'swap', node: 'node 1; reboot', yes: true };
    expect(await runProjectPreflight({ ...base(), ...fix }, { io: c.io, open: rec.open })).toBe(2);
    expect(c.err.join('')).toMatch(/^kubelab preflight: nodeId \(--node\): /m);
    expect(rec.requests.map((r) => r.name)).toEqual(['preflight.run']);
  });
});

describe('Ctrl-C on a long command', () => {
  it('closes the back end’s connections and exits 130', async () => {
    const signals = new EventEmitter();
    let started: () => void = () => undefined;
    const inFlight = new Promise<void>((r) => (started = r));
    const rec = recordingOpen({
      'certs.list': () => {
        started();
        return new Promise(() => undefined); // a node that never answers
      },
    });
    const c = capture();
    const deps = { io: c.io, open: rec.open, signals };
    const code = runCerts({ ...base(), json: false }, deps);
    await inFlight;
    signals.emit('SIGINT');
    expect(await code).toBe(EXIT_INTERRUPTED);
    expect(rec.closed()).toBeGreaterThanOrEqual(1);
    expect(c.err.join('')).toContain('interrupted');
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });
});
