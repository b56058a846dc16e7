// What `npm run demo` needs, checked before anything is built or started, so a newcomer reads
// the exact command that fixes a gap instead of a stack trace half way through.
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Tool → Debian package, for the practice lab. main/lab/labTools.ts has the same table (the
 * app's "Practice lab" entry checks it too); main/lab/labTools.test.ts keeps them equal.
 */
export const LAB_TOOLS = {
  ip: 'iproute2',
  unshare: 'util-linux',
  nsenter: 'util-linux',
  sshd: 'openssh-server',
  'ssh-keygen': 'openssh-client',
  openssl: 'openssl',
  iptables: 'iptables',
  python3: 'python3',
  sudo: 'sudo',
  // The lab's control planes run Debian's real etcd 3.4; etcdctl reads and backs it up.
  etcd: 'etcd-server',
  etcdctl: 'etcd-client',
};

const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** True when `tool` is an executable on PATH (or in an sbin directory root's PATH may lack). */
export function onPath(tool, path = process.env.PATH ?? '') {
  return [...path.split(delimiter), ...SBIN].some((dir) => {
    if (!dir) return false;
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** "20.19.1" ≥ "20.19"? */
export function nodeVersionOk(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  return major > 20 || (major === 20 && minor >= 19);
}

/** Can the practice lab run here at all (it makes namespaces, a bridge and mounts)? */
export function labPossible(platform = process.platform, uid = process.getuid?.()) {
  return platform === 'linux' && uid === 0;
}

/**
 * Problems that stop the demo, each with the command that fixes it; `lab` adds the lab's tools.
 * Returns [] when everything is there.
 */
export function problems({ lab, path = process.env.PATH ?? '', root = process.cwd() }) {
  const found = [];
  if (!nodeVersionOk()) {
    found.push({
      what: `Node.js 20.19 or newer (this is ${process.versions.node})`,
      fix: 'install it from https://nodejs.org/ (or your distribution, e.g. apt-get install -y nodejs)',
    });
  }
  if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
    found.push({ what: "kubelab's npm dependencies", fix: 'npm ci' });
  }
  if (lab) {
    const missing = Object.entries(LAB_TOOLS).filter(([tool]) => !onPath(tool, path));
    if (missing.length > 0) {
      const packages = [...new Set(missing.map(([, pkg]) => pkg))];
      found.push({
        what: `tools for the practice lab: ${missing.map(([tool]) => tool).join(', ')}`,
        fix: `apt-get install -y ${packages.join(' ')}`,
      });
    }
  }
  return found;
}
