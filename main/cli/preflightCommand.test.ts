import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PreflightReportSchema } from '../../common/model/preflight';
import { EXIT_BLOCKED, runPreflight } from './preflightCommand';

async function factsFile(content: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kubelab-preflight-'));
  const file = join(dir, 'facts.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const input = {
  plan: { kubernetesVersion: '1.18.20', runtime: 'docker' },
  nodes: [
    {
      role: 'control-plane',
      facts: {
        nodeId: 'master',
        cpus: 1,
        swap: { active: [{ name: '/dev/sda5', type: 'partition', sizeKb: 1 }], fstab: [] },
      },
    },
  ],
};

describe('kubelab preflight', () => {
  it('prints blockers with their fix and exits 3', async () => {
    const out: string[] = [];
    const code = await runPreflight(
      await factsFile(input),
      { json: false, lang: 'en', all: false },
      (t) => out.push(t),
    );
    expect(code).toBe(EXIT_BLOCKED);
    const text = out.join('');
    expect(text).toMatch(/^preflight: 2 blocking/);
    expect(text).toContain('FAIL cpus');
    expect(text).toContain('       swapoff -a');
  });

  it('prints JSON that validates against the report schema', async () => {
    const out: string[] = [];
    await runPreflight(await factsFile(input), { json: true, lang: 'zh', all: false }, (t) =>
      out.push(t),
    );
    const report = PreflightReportSchema.parse(JSON.parse(out.join('')));
    expect(report.ok).toBe(false);
  });

  it('names the bad field of an invalid facts file', async () => {
    const bad = { plan: { kubernetesVersion: '1.30.0', runtime: 'rkt' }, nodes: [] };
    await expect(
      runPreflight(await factsFile(bad), { json: false, lang: 'en', all: false }, () => undefined),
    ).rejects.toThrow(/plan\.runtime/);
    await expect(
      runPreflight(
        await factsFile('{nope'),
        { json: false, lang: 'en', all: false },
        () => undefined,
      ),
    ).rejects.toThrow(/facts\.json/);
  });
});
