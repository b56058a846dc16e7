import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { saveProject } from '../store/projectFile';
import { EXIT_NOT_CONFIRMED, runEtcdList, runEtcdRestore } from './etcdCommand';
import { progressLine } from './etcdFormat';
import type { CliIo } from './ioAndExitStatus';

function io(): CliIo & { outText: string[]; errText: string[] } {
  const outText: string[] = [];
  const errText: string[] = [];
  return {
    out: (t) => void outText.push(t),
    err: (t) => void errText.push(t),
    tty: false,
    outText,
    errText,
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-etcd-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('kubelab etcd', () => {
  it('restore without --yes says what is lost and touches nothing (no project is even read)', async () => {
    const out = io();
    const code = await runEtcdRestore(
      'etcd-2026-12-06T23-35-14Z-rev2.db',
      { file: join(dir, 'missing.yaml'), acceptNewHostKeys: false, yes: false },
      out,
    );
    expect(code).toBe(EXIT_NOT_CONFIRMED);
    expect(out.errText.join('')).toContain(
      'Everything the cluster changed since the snapshot was taken.',
    );
    expect(out.errText.join('')).toContain('--yes');
  });

  it('list of a project without snapshots says so, naming the folder', async () => {
    const out = io();
    await saveProject(join(dir, 'kubelab.yaml'), {
      schemaVersion: 1,
      nodes: guideNodes(),
      plan: guidePlan(),
    });
    expect(await runEtcdList({ file: join(dir, 'kubelab.yaml'), json: false }, out)).toBe(0);
    expect(out.outText.join('')).toBe(`no snapshots in ${join(dir, 'kubelab.snapshots')}\n`);
  });

  it('list of a missing project names the file and how to make one (exit 2)', async () => {
    const out = io();
    expect(await runEtcdList({ file: join(dir, 'nope.yaml'), json: false }, out)).toBe(2);
    expect(out.errText.join('')).toMatch(/^kubelab etcd list: .*nope\.yaml.*kubelab init/);
  });

  it('prints download progress with sizes and percent', () => {
    expect(progressLine({ phase: 'download', bytes: 512 * 1024, total: 2 * 1024 * 1024 })).toBe(
      'downloading 512.0 KiB / 2.0 MiB (25%)',
    );
    expect(progressLine({ phase: 'verify', bytes: 0, total: 0 })).toContain('SHA-256');
  });
});
