// Issue 22 part 2's round trip: the guide cluster exported by `kubelab export ansible`, installed
// by Debian's real ansible-playbook over the practice lab's real sshd with the lab key, is then
// verified and reported by kubelab. Lab instance 20 (ANSIBLE_LAB_INSTANCE). Needs root.
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '..', '..', '..');
const LAB_ENV = { ...process.env, LAB_INSTANCE: process.env.ANSIBLE_LAB_INSTANCE ?? '20' };
/** A CLI build of this suite's own (out/ is ignored; node_modules resolves from the repo). */
const CLI_DIR = join(REPO, 'out', 'it-ansible');
const root = mkdtempSync(join(tmpdir(), 'kubelab-ansible-it-'));
const exportDir = join(root, 'export');
const env = { ...process.env, KUBELAB_CONFIG_DIR: join(root, 'config'), ANSIBLE_NOCOLOR: '1' };

interface Result {
  code: number;
  out: string;
}

function run(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Result {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: opts.env ?? env,
    cwd: opts.cwd ?? root,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

const lab = (...args: string[]): Result =>
  run('bash', [join(REPO, 'tests', 'lab', 'lab.sh'), ...args], { env: LAB_ENV });
const kubelab = (...args: string[]): Result => run('node', [join(CLI_DIR, 'cli.cjs'), ...args]);
const onNode = (node: string, command: string): Result => lab('exec', node, 'bash', '-c', command);

let labKey = '';
let knownHosts = '';
const timings: Record<string, number> = {};

function timed<T>(name: string, f: () => T): T {
  const t0 = Date.now();
  const r = f();
  timings[name] = (Date.now() - t0) / 1000;
  return r;
}

function playbook(...extra: string[]): Result {
  // The lab's pinned host keys, checked strictly: Ansible logs in as any admin would.
  const sshArgs = `-o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes`;
  return run('ansible-playbook', ['-i', 'inventory', ...extra, 'playbook.yml'], {
    cwd: exportDir,
    env: { ...env, ANSIBLE_SSH_ARGS: sshArgs, ANSIBLE_FORKS: '10' },
  });
}

beforeAll(() => {
  mkdirSync(join(root, 'config'), { recursive: true });
  const build = run(
    'npx',
    ['vite', 'build', '-c', 'tests/integration/install/vite.cli.config.ts'],
    {
      env: { ...process.env, KUBELAB_IT_OUT: CLI_DIR },
      cwd: REPO,
    },
  );
  if (build.code !== 0) throw new Error(`building the CLI failed:\n${build.out}`);
  lab('down');
  const up = timed('lab up', () => lab('up', 'guide'));
  if (up.code !== 0) throw new Error(`lab up guide failed: ${up.out}`);
  const status = JSON.parse(lab('status', '--json').out) as {
    keyPath: string;
    knownHosts?: string;
  };
  labKey = status.keyPath;
  knownHosts = join(labKey, '..', 'known_hosts');
  writeFileSync(join(root, 'kubelab.yaml'), lab('project').out);
});

afterAll(() => {
  lab('down');
  console.log('timings (s):', JSON.stringify(timings));
});

describe('kubelab export ansible → ansible-playbook → kubelab verify/report', () => {
  it('exports the guide with the lab key as each host’s key file', () => {
    const r = kubelab('export', 'ansible', '-o', exportDir, '-f', 'kubelab.yaml');
    expect(r.code, r.out).toBe(0);
    expect(readFileSync(join(exportDir, 'inventory', 'hosts.yaml'), 'utf8')).toContain(
      `ansible_ssh_private_key_file: ${labKey}`,
    );
    const again = kubelab('export', 'ansible', '-o', exportDir, '-f', 'kubelab.yaml');
    expect(again.code).toBe(2);
    expect(again.out).toContain('is not empty');
  });

  it('installs the guide cluster through Ansible, the join token never printed', () => {
    const r = timed('playbook', () => playbook());
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/node2\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0/);
    const tokens = onNode(
      'master1',
      'kubeadm token list -o jsonpath="{.token}" 2>/dev/null; kubeadm token list',
    ).out;
    const minted = [...tokens.matchAll(/\b[a-z0-9]{6}\.[a-z0-9]{16}\b/g)].map((m) => m[0]);
    expect(minted.length).toBeGreaterThan(0);
    for (const t of minted) expect(r.out).not.toContain(t);
    // Nor is it in any file of the export (it was minted after the export was written).
    const files = readdirSync(exportDir, { recursive: true, encoding: 'utf8' }).map((f) =>
      join(exportDir, f),
    );
    for (const f of files.filter((x) => statSync(x).isFile())) {
      for (const t of minted) expect(readFileSync(f, 'utf8'), f).not.toContain(t);
    }
  }, 900_000);

  it('kubelab verify and kubelab report work on the cluster Ansible installed', () => {
    const v = timed('verify', () => kubelab('verify', '-f', 'kubelab.yaml'));
    expect(v.code, v.out).toBe(0);
    expect(v.out).toContain('verified: the cluster works');
    expect(v.out).toMatch(/node node2\s+Ready v1\.18\.2/);
    const rep = timed('report', () => kubelab('report', '-f', 'kubelab.yaml', '-o', 'report.md'));
    expect(rep.code, rep.out).toBe(0);
    const md = readFileSync(join(root, 'report.md'), 'utf8');
    expect(md).toMatch(/\| node1 \| [\d.]+ \| worker \|.*\| Ready \|/);
  }, 300_000);
});
