import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileProjectStore, untitledProject } from '../store/projectStore';
import { runSupportBundle } from './supportBundleCommand';

const dirs: string[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function capture(): {
  io: { out(t: string): void; err(t: string): void; tty: boolean };
  err: string[];
} {
  const err: string[] = [];
  return { io: { out: () => undefined, err: (t) => void err.push(t), tty: false }, err };
}

async function project(): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'kubelab-bundle-cli-'));
  dirs.push(dir);
  vi.stubEnv('KUBELAB_CONFIG_DIR', join(dir, 'config'));
  const file = join(dir, 'kubelab.yaml');
  await new FileProjectStore(untitledProject(), file).save();
  return { dir, file };
}

describe('kubelab support-bundle', () => {
  it('writes a 0600 tar.gz that tar lists, and says what was not included', async () => {
    const { dir, file } = await project();
    const out = join(dir, 'bundle.tar.gz');
    const c = capture();
    expect(await runSupportBundle({ file, output: out, force: false }, c.io)).toBe(0);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    const listed = execFileSync('tar', ['-tzf', out], { encoding: 'utf8' });
    expect(listed).toMatch(/^manifest\.json\n/);
    expect(listed).toContain('report.md');
    expect(c.err.join('')).toContain('not included: preflight (not run yet)');
  });

  it('never overwrites a file without --force, and refuses a name that is not .tar.gz', async () => {
    const { dir, file } = await project();
    const out = join(dir, 'taken.tar.gz');
    await writeFile(out, 'keep me');
    const taken = capture();
    expect(await runSupportBundle({ file, output: out, force: false }, taken.io)).toBe(2);
    expect(taken.err.join('')).toContain('already exists');
    const wrong = capture();
    expect(
      await runSupportBundle({ file, output: join(dir, 'b.zip'), force: false }, wrong.io),
    ).toBe(2);
    expect(wrong.err.join('')).toContain('output (-o): must end with .tar.gz');
    expect(await runSupportBundle({ file, output: out, force: true }, capture().io)).toBe(0);
    expect((await stat(out)).size).toBeGreaterThan(100);
  });
});
