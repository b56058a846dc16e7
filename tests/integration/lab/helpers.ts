import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ProjectSchema, type Project } from '../../../common/model/project';

export const REPO = join(import.meta.dirname, '..', '..', '..');
export const LAB_SH = join(REPO, 'tests', 'lab', 'lab.sh');

export interface LabUser {
  user: string;
  password: string;
  sudo: boolean;
}
export interface LabNode {
  name: string;
  hostname: string;
  address: string;
  port: number;
  role: string;
  os: string;
  later: boolean;
  users: LabUser[];
  keyPath: string;
  hostKey: { algorithm: string; publicKey: string; fingerprint: string };
  hostKeyFingerprint: string;
}
export interface LabStatus {
  up: boolean;
  scenario: string;
  subnet: string;
  keyPath: string;
  knownHostsPath: string;
  nodes: LabNode[];
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(
  cmd: string,
  args: string[],
  input?: string,
  env?: NodeJS.ProcessEnv,
): RunResult {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    input,
    env: env ?? process.env,
    maxBuffer: 16 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * The lab tests run their own lab instance (LAB_INSTANCE, default 9: namespaces klab9-*, bridge
 * kubelab9, subnet 172.31.241.0/24, state /run/kubelab-lab9), so they never touch the default lab
 * or another engineer's instance.
 */
export const LAB_INSTANCE = process.env.LAB_TEST_INSTANCE ?? '9';
export const LAB_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  LAB_INSTANCE,
  LAB_SUBNET: '',
  LAB_STATE: '',
  LAB_BRIDGE: '',
};
export const NS_PREFIX = `klab${LAB_INSTANCE}-`;
export const BRIDGE = `kubelab${LAB_INSTANCE}`;

export function lab(...args: string[]): RunResult {
  return run('bash', [LAB_SH, ...args], undefined, LAB_ENV);
}

export function status(): LabStatus {
  return JSON.parse(lab('status', '--json').stdout) as LabStatus;
}

/** Runs a command on a lab node over real OpenSSH with key auth and pinned host keys. */
export function ssh(
  st: LabStatus,
  node: string,
  command: string,
  opts: { user?: string; input?: string } = {},
): RunResult {
  const n = st.nodes.find((x) => x.name === node);
  if (!n) throw new Error(`no lab node ${node}`);
  return run(
    'ssh',
    [
      '-i',
      st.keyPath,
      '-o',
      `UserKnownHostsFile=${st.knownHostsPath}`,
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'BatchMode=yes',
      '-o',
      'ConnectTimeout=5',
      '-p',
      String(n.port),
      `${opts.user ?? 'root'}@${n.address}`,
      command,
    ],
    opts.input,
  );
}

export function fileBytes(path: string): string {
  try {
    return readFileSync(path).toString('base64');
  } catch {
    return '<absent>';
  }
}

/** `lab.sh project`, parsed with the product's own schema (throws if it does not fit). */
export function labProject(): Project {
  const r = lab('project');
  if (r.code !== 0) throw new Error(`lab project failed: ${r.stderr}`);
  return ProjectSchema.parse(parseYaml(r.stdout));
}

/** The node's ed25519 host key as `ssh-keyscan` sees it over the lab network: algorithm and SHA256 fingerprint. */
export function keyscan(address: string): { algorithm: string; fingerprint: string } {
  const scan = run('ssh-keyscan', ['-T', '5', '-t', 'ed25519', address]);
  const line = scan.stdout.split('\n').find((l) => l.startsWith(`${address} `));
  if (!line) throw new Error(`ssh-keyscan ${address}: ${scan.stderr}`);
  const fp = run('ssh-keygen', ['-lf', '-'], line + '\n');
  const m = /^\d+ (SHA256:\S+) /.exec(fp.stdout);
  if (!m) throw new Error(`ssh-keygen -lf: ${fp.stderr}`);
  return { algorithm: line.split(' ')[1] ?? '', fingerprint: m[1] ?? '' };
}

/**
 * What this lab instance left behind after `down`: namespaces, links (bridge, veths), the FORWARD
 * rule, the state dir, and any process whose cwd or command line is the lab's. Empty = clean.
 */
export function leftovers(): string[] {
  const found: string[] = [];
  const ns = run('ip', ['netns', 'list'])
    .stdout.split('\n')
    .filter((l) => l.startsWith(NS_PREFIX));
  found.push(...ns.map((l) => `netns ${l}`));
  const links = run('ip', ['-br', 'link'])
    .stdout.split('\n')
    .filter((l) => l.startsWith(`${NS_PREFIX}h`) || l.startsWith(`${BRIDGE} `));
  found.push(...links.map((l) => `link ${l.split(' ')[0]}`));
  if (run('iptables', ['-S', 'FORWARD']).stdout.includes(`-i ${BRIDGE} `))
    found.push('iptables FORWARD rule');
  if (run('test', ['-e', `/run/kubelab-lab${LAB_INSTANCE}`]).code === 0)
    found.push(`/run/kubelab-lab${LAB_INSTANCE}`);
  const mounts = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .filter(
      (l) =>
        l.includes(`/run/kubelab-lab${LAB_INSTANCE}/`) || l.includes(`/run/netns/${NS_PREFIX}`),
    );
  found.push(...mounts.map((l) => `mount ${l}`));
  const ownMnt = readlinkSync('/proc/self/ns/mnt');
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (pid === String(process.pid)) continue;
    if (cmd.includes(`/run/kubelab-lab${LAB_INSTANCE}/`)) {
      found.push(`process ${pid}: ${cmd}`);
      continue;
    }
    // Processes started inside a node (sshd, kubelet, API server) live in its mount namespace,
    // whose overlays have their upper dirs in this instance's state dir.
    try {
      if (readlinkSync(`/proc/${pid}/ns/mnt`) === ownMnt) continue;
      if (
        readFileSync(`/proc/${pid}/mountinfo`, 'utf8').includes(
          `/run/kubelab-lab${LAB_INSTANCE}/nodes/`,
        )
      )
        found.push(`process ${pid} in a node: ${cmd}`);
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}
