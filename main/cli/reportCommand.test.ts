import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { guideReportInput } from '../../common/report/testing/guideFixture';
import { serializeProject } from '../store/projectFile';
import { nodeSecretKey } from '../store/secrets';
import { VaultSecretStore } from '../store/secretsVault';
import { saveVerification, verificationPath } from '../store/verificationRecord';
import { formatFor, ReportFailed, runReport, type ReportOptions } from './reportCommand';

function never(): never {
  throw new Error('fixture has no verification');
}

describe('kubelab report', () => {
  let dir = '';
  let file = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubelab-report-cli-'));
    file = join(dir, 'kubelab.yaml');
    const input = guideReportInput('en');
    await writeFile(file, serializeProject(input.project));
    await writeFile(join(dir, 'verification.json'), JSON.stringify(input.verification));
    await writeFile(join(dir, 'preflight.json'), JSON.stringify(input.preflight));
    await writeFile(join(dir, 'facts.json'), JSON.stringify(input.facts));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const opts = (o: Partial<ReportOptions>): ReportOptions => ({
    output: join(dir, 'out.md'),
    file,
    lang: 'en',
    paper: 'A4',
    ...o,
  });

  it('writes Markdown from a project file and its sidecar results', async () => {
    const output = join(dir, 'cluster.md');
    const bytes = await runReport(
      opts({
        output,
        facts: join(dir, 'facts.json'),
        preflight: join(dir, 'preflight.json'),
        verification: join(dir, 'verification.json'),
      }),
    );
    const md = await readFile(output, 'utf8');
    expect(Buffer.byteLength(md)).toBe(bytes);
    expect(md).toContain('Ubuntu 18.04.4 LTS');
    expect(md).toContain('100% packet loss');
    expect(md).toContain('clock-skew');
  });

  it('writes JSON in Chinese with only the project file', async () => {
    const output = join(dir, 'cluster.json');
    await runReport(opts({ output, format: 'json', lang: 'zh-CN' }));
    const json = JSON.parse(await readFile(output, 'utf8')) as { lang: string; preflight: unknown };
    expect(json.lang).toBe('zh-CN');
    expect(json.preflight).toBeNull();
  });

  it('picks up the verification `kubelab verify` saved beside the project', async () => {
    const input = guideReportInput('en');
    await saveVerification(file, input.verification ?? never());
    const output = join(dir, 'saved.json');
    await runReport(opts({ output }));
    const json = JSON.parse(await readFile(output, 'utf8')) as { network: unknown[] };
    expect(json.network).toHaveLength(3);
    await rm(verificationPath(file));
  });

  it('reads what `kubelab preflight --json` prints, with its before-install matrices', async () => {
    const input = guideReportInput('en');
    const before = (input.verification?.matrices ?? []).filter((m) => m.phase === 'before-install');
    expect(before.length).toBeGreaterThan(0);
    const run = {
      checkedAt: '2024-05-01T10:00:00Z',
      durationMs: 1200,
      report: input.preflight,
      matrices: before,
      listeners: [],
      unreachable: [],
    };
    await writeFile(join(dir, 'preflight-run.json'), JSON.stringify(run));
    const output = join(dir, 'run.json');
    await runReport(opts({ output, preflight: join(dir, 'preflight-run.json') }));
    const json = JSON.parse(await readFile(output, 'utf8')) as {
      preflight: unknown;
      network: { phase: string; probe: string }[];
    };
    expect(json.preflight).not.toBeNull();
    expect(json.network.map((m) => `${m.phase} ${m.probe}`)).toEqual(
      before.map((m) => `before-install ${m.probe}`),
    );
  });

  it('reads what `kubelab nodes facts --json` prints, skipping nodes it could not reach', async () => {
    const input = guideReportInput('en');
    const results = [
      ...(input.facts ?? []).map((facts) => ({ nodeId: facts.nodeId, facts })),
      { nodeId: 'gone', error: { code: 'unreachable', message: 'connection refused' } },
    ];
    await writeFile(join(dir, 'facts-cli.json'), JSON.stringify({ results }));
    const output = join(dir, 'facts.md');
    await runReport(opts({ output, facts: join(dir, 'facts-cli.json') }));
    expect(await readFile(output, 'utf8')).toContain('Ubuntu 18.04.4 LTS');
  });

  it('removes a node password kept in the vault verbatim, as serve does', async () => {
    const input = guideReportInput('en');
    const node = input.project.nodes[0];
    if (!node) throw new Error('fixture has no nodes');
    const password = 'Vault-Canary-9Kx!';
    const vault = await VaultSecretStore.open(join(dir, 'vault.json'), 'vault-passphrase-1');
    await vault.set(nodeSecretKey(node.id, 'password'), password);
    // A password typed where it does not belong: only the verbatim pass can find it.
    const named = join(dir, 'named.yaml');
    await writeFile(named, serializeProject({ ...input.project, name: `lab ${password}` }));
    vi.stubEnv('KUBELAB_VAULT', join(dir, 'vault.json'));
    vi.stubEnv('KUBELAB_VAULT_PASSPHRASE', 'vault-passphrase-1');
    try {
      const output = join(dir, 'vault.md');
      await runReport(opts({ output, file: named }));
      const md = await readFile(output, 'utf8');
      expect(md).toContain('lab ');
      expect(md).not.toContain(password);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('takes the format from the extension, and refuses an unknown one', () => {
    expect(formatFor({ output: 'a/b.PDF' })).toBe('pdf');
    expect(formatFor({ output: 'x.txt', format: 'html' })).toBe('html');
    expect(() => formatFor({ output: 'x.txt' })).toThrow(/--format/);
  });

  it('names the field of a bad sidecar file and exits 2', async () => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ checkedAt: 1 }));
    const err: string[] = [];
    const io = { out: () => undefined, err: (t: string) => void err.push(t) };
    await expect(runReport(opts({ verification: join(dir, 'bad.json') }), { io })).rejects.toEqual(
      new ReportFailed(2),
    );
    expect(err.join('')).toMatch(/^kubelab report: verification\.\w+/m);
  });
});
