import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleBundle } from '../bundle/testing/sampleBundle';
import { runBundleInspect } from './bundleCommand';
import type { CliIo } from './progressRun';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubelab-bundle-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    tty: false,
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  };
  return io;
}

const env = (): NodeJS.ProcessEnv => ({ ...process.env, XDG_CONFIG_HOME: join(dir, 'config') });

describe('kubelab bundle inspect', () => {
  it('prints what the bundle is for, each entry and exits 0 when all verify', async () => {
    const { out } = await sampleBundle(dir);
    const io = capture();
    expect(await runBundleInspect(out, io, env())).toBe(0);
    expect(io.stdout).toContain('Kubernetes 1.18.2, docker, flannel, mirrors china');
    expect(io.stdout).toContain('machines: deb amd64 ubuntu-focal');
    expect(io.stdout).toMatch(/ok\s+1\.0 MiB\s+deb\/amd64\/kubeadm@1\.18\.2/);
    expect(io.stdout).toContain('3 entries, 1.0 MiB of content');
    expect(io.stdout).toContain('every SHA-256 verified');
  });

  it('names the corrupted artifact and exits 1', async () => {
    const { out } = await sampleBundle(dir);
    // The last 1 KiB is the end-of-archive blocks; the empty entry has no data, so the byte
    // before its header (at -2048) is the flannel manifest's last data byte.
    const handle = await open(out, 'r+');
    const { size } = await handle.stat();
    await handle.write(Buffer.from([0x5a]), 0, 1, size - 1024 - 512 - 1);
    await handle.close();
    const io = capture();
    expect(await runBundleInspect(out, io, env())).toBe(1);
    expect(io.stdout).toMatch(/CORRUPT\s+512 B\s+cni\/flannel@v0\.14\.0/);
    expect(io.stdout).toContain('1 failed verification');
  });

  it('refuses a file that is not a bundle with exit 2', async () => {
    const path = join(dir, 'notes.txt');
    await writeFile(path, 'hello\n');
    const io = capture();
    expect(await runBundleInspect(path, io, env())).toBe(2);
    expect(io.stderr).toMatch(/^kubelab bundle inspect: .*notes\.txt is not a kubelab bundle/);
  });
});
