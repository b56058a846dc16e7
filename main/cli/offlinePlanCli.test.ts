// plan.offline from the CLI (issue 22): `kubelab init --offline` writes it into the project file,
// the plan schema checks it, and `kubelab plan` says where packages and images come from.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClusterPlanSchema } from '../../common/model/plan';
import { guidePlan } from '../../common/plan/presets';
import { loadProject } from '../store/projectFile';
import type { CliIo } from './imagesCommand';
import { runInit } from './initCommand';
import { formatOfflineSection } from './offlineSection';

function capture(): CliIo & { err: string } {
  const io = {
    err: '',
    stdout: (): void => undefined,
    stderr: (t: string): void => void (io.err += t),
  };
  return io;
}

describe('plan.offline', () => {
  it('kubelab init --offline writes offline: true into the project file, read back the same', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-offline-'));
    const output = join(dir, 'kubelab.yaml');
    const io = capture();
    expect(await runInit({ output, fromGuide: true, offline: true }, io)).toBe(0);
    expect(io.err).toBe('');
    expect(await readFile(output, 'utf8')).toMatch(/^ {2}offline: true$/m);
    expect((await loadProject(output)).plan.offline).toBe(true);
  });

  it('a project without the flag stays online, its file without the field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-offline-'));
    const output = join(dir, 'kubelab.yaml');
    expect(await runInit({ output, fromGuide: true }, capture())).toBe(0);
    expect(await readFile(output, 'utf8')).not.toContain('offline');
    expect((await loadProject(output)).plan.offline).toBeUndefined();
  });

  it('the plan schema refuses anything but a boolean', () => {
    const r = ClusterPlanSchema.safeParse({ ...guidePlan(), offline: 'yes' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['offline']);
  });

  it('kubelab plan names the bundle as the source, and says nothing for an online plan', () => {
    expect(formatOfflineSection({ offline: true })).toContain('/var/lib/kubelab/bundle');
    expect(formatOfflineSection({ offline: true })).toContain('kubelab bundle push');
    expect(formatOfflineSection({})).toBe('');
  });
});
