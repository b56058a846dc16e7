import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleMachine } from '../../common/bundle/fromFacts';
import { bundleNeeds } from '../../common/bundle/needs';
import type { HostFacts } from '../../common/model/facts';
import { guidePlan } from '../../common/plan/presets';
import { sampleBundle } from '../bundle/testing/sampleBundle';
import { formatNeeds } from './bundleFormat';
import { runBundleInspect } from './bundleCommand';
import type { CliIo } from './ioAndExitStatus';

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

describe('kubelab bundle plan output', () => {
  const facts = (id: string, version: string): HostFacts =>
    ({
      nodeId: id,
      os: { id: 'ubuntu', idLike: ['debian'], version, prettyName: `Ubuntu ${version}` },
      arch: 'x86_64',
    }) as HostFacts;

  it('lists each artifact with its first source and its fallbacks', () => {
    const needs = bundleNeeds({
      plan: guidePlan(),
      machines: [
        bundleMachine({ id: 'master1', role: 'control-plane' }, facts('master1', '20.04')),
      ],
    });
    const text = formatNeeds(needs);
    expect(text).toMatch(/^bundle for Kubernetes 1\.18\.2: 17 artifacts\n/);
    expect(text).toContain(
      '  package  deb/amd64/docker-ce@ubuntu-focal:19.03<  ← https://mirrors.aliyun.com/docker-ce/linux/ubuntu/dists/focal/stable/binary-amd64/Packages (fallbacks: upstream)',
    );
    expect(text).toContain(
      '  image    image/quay.io/coreos/flannel:v0.14.0  ← quay.m.daocloud.io/coreos/flannel:v0.14.0 (fallbacks: upstream)',
    );
  });

  it('prints the field errors instead when a machine cannot be bundled for', () => {
    const needs = bundleNeeds({
      plan: guidePlan(),
      machines: [bundleMachine({ id: 'node9', role: 'worker' }, facts('node9', '16.04'))],
    });
    expect(formatNeeds(needs)).toBe(
      'machines.0.osVersion: node9: ubuntu 16.04 is not a release kubelab knows the repositories of.\n',
    );
  });
});
