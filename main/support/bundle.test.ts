import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { guideReportInput } from '../../common/report/testing/guideFixture';
import type { RunState } from '../../common/model/runEvent';
import { MemoryLogSink } from '../engine/logSink';
import { FileProjectStore } from '../store/projectStore';
import { projectRunRecords } from '../store/runRecords';
import { MemorySecretStore, nodeSecretKey } from '../store/secrets';
import { buildSupportBundle } from './bundle';

// Planted secrets, in the shapes kubeadm prints them: a bootstrap token ([a-z0-9]{6}.[a-z0-9]{16},
// cmd/kubeadm/app/apis/bootstraptoken), a 64-hex certificate key (`kubeadm init --upload-certs`),
// and a node's SSH password kept in the vault.
const TOKEN = 'abcdef.0123456789abcdef';
const CERT_KEY = 'f'.repeat(8) + '0123456789abcdef'.repeat(3) + '1234abcd';
const VAULT_PASSWORD = 'Vault-Kept-S3cret!';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function setUp(): Promise<{
  dir: string;
  bundle: Awaited<ReturnType<typeof buildSupportBundle>>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'kubelab-support-'));
  dirs.push(dir);
  const input = guideReportInput('en');
  const run: RunState = {
    runId: 'r20261207-060000-aaaaaa',
    startedAt: '2026-12-07T06:00:00.000Z',
    outcome: 'failed',
    tasks: [
      {
        stepId: 'kubeadm-init',
        nodeId: 'master1',
        status: 'failed',
        attempts: 1,
        error: { code: 'step_failed', message: `join with ${TOKEN}` },
      },
      { stepId: 'join-node', nodeId: 'node1', status: 'skipped', attempts: 0 },
    ],
  };
  const reset: RunState = {
    runId: 'r20261207-061000-bbbbbb',
    kind: 'reset-node',
    startedAt: '2026-12-07T06:10:00.000Z',
    outcome: 'succeeded',
    tasks: [{ stepId: 'reset-node', nodeId: 'node1', status: 'done', attempts: 1 }],
  };
  const file = join(dir, 'kubelab.yaml');
  const store = new FileProjectStore({ ...input.project, runState: run }, file);
  await store.save();
  await projectRunRecords(store).save(reset);
  // Logs as an older kubelab may have written them: the secrets in clear.
  const sink = new MemoryLogSink();
  await sink.append(
    run.runId,
    'master1',
    'kubeadm-init',
    `kubeadm join 10.0.0.1:6443 --token ${TOKEN} \\\n  --certificate-key ${CERT_KEY}\n` +
      `[upload-certs] Using certificate key:\n${CERT_KEY}\nsshpass -p ${VAULT_PASSWORD}\n`,
  );
  await sink.append(
    reset.runId,
    'node1',
    'reset-node',
    '[reset] Deleted contents of the etcd data directory\n',
  );
  const secrets = new MemorySecretStore();
  await secrets.set(nodeSecretKey('master1', 'password'), VAULT_PASSWORD);
  const bundle = await buildSupportBundle({
    project: store,
    logSink: sink,
    report: {
      secrets,
      preflight: async () => input.preflight,
      facts: async () => input.facts ?? [],
    },
    env: {},
    now: () => new Date('2026-12-07T07:00:00Z'),
  });
  return { dir, bundle };
}

describe('support bundle', () => {
  it('holds no planted secret anywhere in its bytes', async () => {
    const { bundle } = await setUp();
    const raw = gunzipSync(bundle.bytes).toString('utf8');
    expect(raw).toContain('--token <redacted>');
    for (const secret of [TOKEN, CERT_KEY, VAULT_PASSWORD]) expect(raw).not.toContain(secret);
  });

  it('is a tar.gz that tar reads, with a manifest listing every file inside', async () => {
    const { dir, bundle } = await setUp();
    expect(bundle.filename).toBe(
      `${guideReportInput('en').project.plan.clusterName}-support-20261207-070000.tar.gz`,
    );
    const archive = join(dir, bundle.filename);
    await writeFile(archive, bundle.bytes);
    const listed = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).trim().split('\n');
    expect(listed[0]).toBe('manifest.json');
    expect(listed).toEqual(
      expect.arrayContaining([
        'project/kubelab.yaml',
        'runs/r20261207-060000-aaaaaa.json',
        'runs/r20261207-061000-bbbbbb.json',
        'logs/r20261207-060000-aaaaaa/master1/kubeadm-init.log',
        'logs/r20261207-061000-bbbbbb/node1/reset-node.log',
        'preflight.json',
        'report.md',
        'report.json',
      ]),
    );
    const out = join(dir, 'x');
    execFileSync('mkdir', [out]);
    execFileSync('tar', ['-xzf', archive, '-C', out]);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
      files: { path: string; bytes: number }[];
      missing: string[];
    };
    const inManifest = manifest.files.map((f) => f.path).sort();
    expect(inManifest).toEqual(listed.filter((p) => p !== 'manifest.json').sort());
    for (const f of manifest.files) {
      expect((await readFile(join(out, f.path))).length, f.path).toBe(f.bytes);
    }
    expect(manifest.missing).toContain('verification (not run since the last install)');
    const resetLog = await readFile(
      join(out, 'logs/r20261207-061000-bbbbbb/node1/reset-node.log'),
      'utf8',
    );
    expect(resetLog).toBe('[reset] Deleted contents of the etcd data directory\n');
  });
});
