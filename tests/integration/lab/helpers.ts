import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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

export function run(cmd: string, args: string[], input?: string, env?: NodeJS.ProcessEnv): RunResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, env: env ?? process.env, maxBuffer: 16 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function lab(...args: string[]): RunResult {
  return run('bash', [LAB_SH, ...args]);
}

export function status(): LabStatus {
  return JSON.parse(lab('status', '--json').stdout) as LabStatus;
}

/** Runs a command on a lab node over real OpenSSH with key auth and pinned host keys. */
export function ssh(st: LabStatus, node: string, command: string, opts: { user?: string; input?: string } = {}): RunResult {
  const n = st.nodes.find((x) => x.name === node);
  if (!n) throw new Error(`no lab node ${node}`);
  return run(
    'ssh',
    [
      '-i', st.keyPath,
      '-o', `UserKnownHostsFile=${st.knownHostsPath}`,
      '-o', 'StrictHostKeyChecking=yes',
      '-o', 'BatchMode=yes',
      '-o', 'ConnectTimeout=5',
      '-p', String(n.port),
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
