import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guideReportInput } from '../../common/report/testing/guideFixture';
import { serializeProject } from '../store/projectFile';
import { saveVerification, verificationPath } from '../verify/store';
import { formatFor, runReport, type ReportOptions } from './reportCommand';

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

  it('takes the format from the extension, and refuses an unknown one', () => {
    expect(formatFor({ output: 'a/b.PDF' })).toBe('pdf');
    expect(formatFor({ output: 'x.txt', format: 'html' })).toBe('html');
    expect(() => formatFor({ output: 'x.txt' })).toThrow(/--format/);
  });

  it('names the field of a bad sidecar file', async () => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ checkedAt: 1 }));
    await expect(runReport(opts({ verification: join(dir, 'bad.json') }))).rejects.toThrow(
      /verification/,
    );
  });
});
