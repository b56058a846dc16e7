// Issue 15: `kubelab export ansible` is "flags → export.ansible → print", the UI's request, so -o
// passes the contract's schema and a directory in the way is refused the same way (exit 2).
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { capture, recordingOpen } from '../../tests/fakes/recordingCliBackend';
import { saveProject } from '../store/projectFile';
import { runExport } from './exportCommand';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubelab-cli-export-'));
  file = join(dir, 'kubelab.yaml');
  await saveProject(file, { schemaVersion: 1, nodes: guideNodes(), plan: guidePlan() });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('kubelab export ansible through the contract', () => {
  it('-o and --force become export.ansible, a relative -o made absolute', async () => {
    const rec = recordingOpen({
      'export.ansible': ({ outDir }) => ({ dir: outDir, files: ['a'] }),
    });
    const c = capture();
    const opts = { file, output: 'ansible-out', force: true };
    expect(await runExport('ansible', opts, { io: c.io, open: rec.open })).toBe(0);
    expect(rec.requests).toEqual([
      { name: 'export.ansible', payload: { outDir: resolve('ansible-out'), force: true } },
    ]);
    expect(c.out.join('')).toContain(`wrote 1 files to ${resolve('ansible-out')}\n`);
    expect(rec.closed()).toBe(1);
  });

  it('writes the playbook; a directory that is not empty is refused (exit 2), left as it was', async () => {
    const out = join(dir, 'ansible');
    const c = capture();
    const opts = { file, output: out, force: false };
    expect(await runExport('ansible', opts, { io: c.io })).toBe(0);
    const files = await readdir(out);
    expect(files).toContain('playbook.yml');
    expect(await readFile(join(out, 'inventory', 'hosts.yaml'), 'utf8')).toContain('master1');

    await writeFile(join(out, 'mine.txt'), 'keep me');
    const again = capture();
    expect(await runExport('ansible', opts, { io: again.io })).toBe(2);
    expect(again.err.join('')).toMatch(/^kubelab export ansible: .* is not empty .*--force/);
    expect(await readFile(join(out, 'mine.txt'), 'utf8')).toBe('keep me');
    expect((await readdir(out)).sort()).toEqual([...files, 'mine.txt'].sort());
  });

  it('a missing project file is refused before anything is written', async () => {
    const c = capture();
    const out = join(dir, 'nothing');
    const opts = { file: join(dir, 'missing.yaml'), output: out, force: false };
    expect(await runExport('ansible', opts, { io: c.io })).toBe(2);
    expect(c.err.join('')).toMatch(/^kubelab export ansible: /);
    await expect(readdir(out)).rejects.toThrow();
  });
});
