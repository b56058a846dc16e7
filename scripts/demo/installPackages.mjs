// First run as root on Debian or Ubuntu: the practice lab's missing Debian packages are installed
// by the demo itself, saying which and why, so `npm ci && npm run demo` really is the whole set-up.
// Anywhere else (no apt-get, not root) the demo keeps printing the command instead.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { LAB_TOOLS, onPath } from './prerequisites.mjs';

/** The packages for the lab's missing tools, each with the tools it brings (for the message). */
export function missingPackages(path = process.env.PATH ?? '') {
  const byPackage = new Map();
  for (const [tool, pkg] of Object.entries(LAB_TOOLS)) {
    if (onPath(tool, path)) continue;
    byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), tool]);
  }
  return [...byPackage].map(([name, tools]) => ({ name, tools }));
}

/** Can the demo install them itself: root, and apt-get there (Debian, Ubuntu and their kin). */
export function canInstall(uid = process.getuid?.(), path = process.env.PATH ?? '') {
  return uid === 0 && onPath('apt-get', path);
}

/** What the demo says before it installs: every package and the tools it is for. */
export function installMessage(packages) {
  const lines = packages.map((p) => `  ${p.name} (${p.tools.join(', ')})`);
  return `The practice lab needs these Debian packages; installing them with apt-get:\n${lines.join('\n')}\n`;
}

/**
 * apt-get update + install, no recommends. etcd-server's package would start an etcd on this
 * machine: a policy-rc.d (Debian's invoke-rc.d policy, exit 101 = "action forbidden") keeps any
 * service from being started by the install, and is removed after it, as .ci/run does.
 * Returns undefined on success, else the reason.
 */
export function installPackages(names, run = spawnSync, policy = '/usr/sbin/policy-rc.d') {
  const addedPolicy = !existsSync(policy);
  if (addedPolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const opts = { stdio: 'inherit', env };
    const update = run('apt-get', ['update', '-qq'], opts);
    if (update.status !== 0) return `apt-get update exited ${update.status ?? update.signal}`;
    const install = run('apt-get', ['install', '-y', '--no-install-recommends', ...names], opts);
    if (install.status !== 0) return `apt-get install exited ${install.status ?? install.signal}`;
    return undefined;
  } finally {
    if (addedPolicy) rmSync(policy, { force: true });
  }
}
