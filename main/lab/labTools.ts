import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * What the practice lab needs on the host, with the Debian package that provides each tool, so a
 * missing one is reported as the exact command that installs it rather than as lab.sh failing
 * half way. scripts/demo/prerequisites.mjs has the same table (it runs before any build); a unit
 * test keeps the two equal.
 */
export const LAB_TOOLS: Readonly<Record<string, string>> = {
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

/** sbin directories are searched too: root's PATH may lack them under sudo or in services. */
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

function onPath(tool: string, path: string): boolean {
  for (const dir of [...path.split(delimiter), ...EXTRA_DIRS]) {
    if (!dir) continue;
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

/** The Debian packages to install for the tools that are missing (empty when none is). */
export function missingLabPackages(path = process.env.PATH ?? ''): string[] {
  const packages = Object.entries(LAB_TOOLS)
    .filter(([tool]) => !onPath(tool, path))
    .map(([, pkg]) => pkg);
  return [...new Set(packages)];
}

/** Why the lab cannot run here, or undefined when it can. */
export function labUnavailableReason(opts: {
  platform: NodeJS.Platform;
  uid: number | undefined;
  labDirFound: boolean;
  missingPackages: string[];
}): string | undefined {
  if (opts.platform !== 'linux' || opts.uid !== 0) {
    return (
      'The practice lab needs Linux and root (it makes network namespaces, a bridge and ' +
      `overlay mounts); this is ${opts.platform}${opts.uid === 0 ? '' : ' without root'}. ` +
      'kubelab itself works without it: add your own machines on the Nodes screen.'
    );
  }
  if (!opts.labDirFound) {
    return 'The practice lab ships with the kubelab source tree (tests/lab); run kubelab from a clone to use it.';
  }
  if (opts.missingPackages.length > 0) {
    return `The practice lab needs: apt-get install -y ${opts.missingPackages.join(' ')}`;
  }
  return undefined;
}
