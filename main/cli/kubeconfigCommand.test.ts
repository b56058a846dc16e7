import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeKubeconfigFile } from './kubeconfigCommand';

describe('kubelab kubeconfig: the file it writes', () => {
  it('is 0600, never overwrites without --force, and with it replaces a looser file at 0600', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-kubeconfig-'));
    const path = join(dir, 'lab-admin.conf');
    await writeKubeconfigFile(path, 'first\n', false);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await expect(writeKubeconfigFile(path, 'second\n', false)).rejects.toMatchObject({
      code: 'file_exists',
      field: 'output',
    });
    expect(await readFile(path, 'utf8')).toBe('first\n');
    await chmod(path, 0o644);
    await writeKubeconfigFile(path, 'second\n', true);
    expect(await readFile(path, 'utf8')).toBe('second\n');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const other = join(dir, 'other.conf');
    await writeFile(other, 'x', { mode: 0o644 });
    await writeKubeconfigFile(other, 'y', true);
    expect((await stat(other)).mode & 0o777).toBe(0o600);
  });
});
