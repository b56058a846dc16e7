// `kubelab bundle list` sends the Bundle page's bundle.list and prints the project's bundles
// folder: its .tar files with sizes and the interrupted builds a rebuild resumes.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { capture, recordingOpen } from '../../tests/fakes/recordingCliBackend';
import { saveProject } from '../store/projectFile';
import { runBundleList } from './bundleCommand';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubelab-bundle-list-cli-'));
  file = join(dir, 'kubelab.yaml');
  await saveProject(file, { schemaVersion: 1, nodes: guideNodes(), plan: guidePlan() });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('kubelab bundle list', () => {
  it('prints the bundles folder, its bundles and the builds to resume', async () => {
    const folder = `${file}.bundles`;
    await mkdir(join(folder, 'half.tar.staging'), { recursive: true });
    await writeFile(join(folder, 'lab.tar'), Buffer.alloc(2048));
    const c = capture();
    const code = await runBundleList({ file }, { io: c.io, open: recordingOpen({}).open });
    expect(code).toBe(0);
    const out = c.out.join('');
    expect(out).toContain(`bundles in ${folder}:\n`);
    expect(out).toMatch(/ {2}2\.0 KiB {2}\d{4}-\d\d-\d\dT[\d:.]+Z {2}lab\.tar\n/);
    expect(out).toContain(
      'interrupted builds (downloads kept; build the same file again to resume):\n  half.tar\n',
    );
  });

  it('says (none) for a folder not made yet, and prints JSON on --json', async () => {
    const c = capture();
    expect(await runBundleList({ file }, { io: c.io, open: recordingOpen({}).open })).toBe(0);
    expect(c.out.join('')).toBe(`bundles in ${file}.bundles:\n  (none)\n`);
    const j = capture();
    await runBundleList({ file, json: true }, { io: j.io, open: recordingOpen({}).open });
    expect(JSON.parse(j.out.join(''))).toEqual({
      folder: `${file}.bundles`,
      bundles: [],
      staged: [],
    });
  });
});
