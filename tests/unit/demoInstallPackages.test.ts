// The demo's first run: the lab's missing Debian packages named with their tools, installed with
// apt-get (update, then install without recommends) under a policy-rc.d that is removed after.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  canInstall,
  installMessage,
  installPackages,
  missingPackages,
} from '../../scripts/demo/installPackages.mjs';
import { LAB_TOOLS } from '../../scripts/demo/prerequisites.mjs';

/** A PATH holding executables with these names only. */
function pathWith(...tools: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-demo-path-'));
  for (const t of tools) {
    writeFileSync(join(dir, t), '#!/bin/sh\n');
    chmodSync(join(dir, t), 0o755);
  }
  return dir;
}

type Run = typeof spawnSync;

describe('demo: installing the lab packages on first run', () => {
  it("names each missing tool's package once, and nothing when every tool is there", () => {
    const found = missingPackages(pathWith());
    for (const p of found) for (const t of p.tools) expect(LAB_TOOLS[t]).toBe(p.name);
    expect(new Set(found.map((p) => p.name)).size).toBe(found.length);
    expect(missingPackages(pathWith(...Object.keys(LAB_TOOLS)))).toEqual([]);
    // etcd and etcdctl are two packages: the server runs the lab's members, the client backs up.
    expect([LAB_TOOLS.etcd, LAB_TOOLS.etcdctl]).toEqual(['etcd-server', 'etcd-client']);
  });

  it('says every package and the tools it brings before installing', () => {
    const text = installMessage([
      { name: 'util-linux', tools: ['unshare', 'nsenter'] },
      { name: 'etcd-server', tools: ['etcd'] },
    ]);
    expect(text).toContain('util-linux (unshare, nsenter)');
    expect(text).toContain('etcd-server (etcd)');
  });

  it('installs only as root with apt-get on PATH', () => {
    expect(canInstall(1000, pathWith('apt-get'))).toBe(false);
    expect(canInstall(0, pathWith('apt-get'))).toBe(true);
  });

  it('runs apt-get update then install, with a policy-rc.d only while it runs', () => {
    const policy = join(mkdtempSync(join(tmpdir(), 'kubelab-demo-policy-')), 'policy-rc.d');
    const calls: string[][] = [];
    const run = ((cmd: string, args: string[]) => {
      calls.push([cmd, ...args]);
      expect(readFileSync(policy, 'utf8')).toContain('exit 101');
      return { status: 0 };
    }) as unknown as Run;
    expect(installPackages(['etcd-server', 'iproute2'], run, policy)).toBeUndefined();
    expect(calls).toEqual([
      ['apt-get', 'update', '-qq'],
      ['apt-get', 'install', '-y', '--no-install-recommends', 'etcd-server', 'iproute2'],
    ]);
    expect(existsSync(policy)).toBe(false);
  });

  it('reports a failed install and leaves an existing policy-rc.d alone', () => {
    const policy = join(mkdtempSync(join(tmpdir(), 'kubelab-demo-policy-')), 'policy-rc.d');
    writeFileSync(policy, '#!/bin/sh\nexit 0\n');
    const run = ((_cmd: string, args: string[]) =>
      ({ status: args[0] === 'install' ? 100 : 0 }) as unknown) as Run;
    expect(installPackages(['etcd-server'], run, policy)).toBe('apt-get install exited 100');
    expect(readFileSync(policy, 'utf8')).toBe('#!/bin/sh\nexit 0\n');
  });
});
