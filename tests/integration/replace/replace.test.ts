// Issue 21 point 3, "replace a node", on the practice lab (instance 37, REPLACE_LAB_INSTANCE): the
// guide (master1, node1, node2) installed by `kubelab apply`, the spare node3 added to the project
// only; `kubelab replace-node node2 node3 --yes` is killed once node2's Node is deleted and the
// same command resumes the one recorded run with the join: node2 gone from `kubectl get nodes`,
// node3 Ready, node2 reset, the run recorded once (the cluster's record, no run of its own).
// Needs root.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, run, type Result } from '../report/helpers';

const LAB_SH = join(REPO, 'tests', 'lab', 'lab.sh');
const LAB_ENV = { ...process.env, LAB_INSTANCE: process.env.REPLACE_LAB_INSTANCE ?? '37' };
/** Its own build directory, so other suites' builds may run alongside. */
const OUT = join(REPO, 'node_modules', '.cache', 'kubelab-it-replace');
const CLI = join(OUT, 'cli.cjs');

const root = mkdtempSync(join(tmpdir(), 'kubelab-replace-it-'));
const dir = join(root, 'project');
const project = join(dir, 'kubelab.yaml');
const env: NodeJS.ProcessEnv = { ...process.env, KUBELAB_CONFIG_DIR: join(root, 'config') };

const lab = (...args: string[]): Result => run('bash', [LAB_SH, ...args], { env: LAB_ENV });
const kubelab = (...args: string[]): Result => run('node', [CLI, ...args], { env, cwd: dir });

/** A root command inside a lab node (setup and assertions; kubelab itself goes over SSH). */
function onNode(node: string, command: string): string {
  const r = lab('exec', node, 'bash', '-c', command);
  if (r.code !== 0) throw new Error(`${node}: ${command}\nexit ${r.code}\n${r.stderr}`);
  return r.stdout;
}

/** `kubectl get nodes` on master1: node name → STATUS. */
function nodes(): Map<string, string> {
  const out = onNode('master1', 'kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes');
  return new Map(
    out
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(/ +/))
      .map((c) => [c[0] ?? '', c[1] ?? '']),
  );
}

/** `kubelab` in the background, killed (SIGKILL) as soon as its output matches `at`. */
function killedAt(args: string[], at: RegExp): Promise<Result> {
  const child = spawn('node', [CLI, ...args], { env, cwd: dir });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString();
    if (at.test(stdout)) child.kill('SIGKILL');
  });
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })),
  );
}

beforeAll(() => {
  mkdirSync(dir, { recursive: true });
  const build = run(
    'npx',
    ['vite', 'build', '-c', 'tests/integration/install/vite.cli.config.ts'],
    {
      env: { ...process.env, KUBELAB_IT_OUT: OUT },
      cwd: REPO,
    },
  );
  if (build.code !== 0) throw new Error(`building the CLI failed:\n${build.stderr}`);
  lab('down');
  const up = lab('up', 'guide');
  if (up.code !== 0) throw new Error(`lab up guide failed: ${up.stderr}`);
  writeFileSync(project, lab('project').stdout);
  const apply = kubelab('apply', '-f', project, '--accept-new-host-keys');
  if (apply.code !== 0) throw new Error(`kubelab apply failed:\n${apply.stdout}\n${apply.stderr}`);
  // node3 is the guide's machine "to add later": in the project as a spare, not in the cluster.
  const st = JSON.parse(lab('status', '--json').stdout) as {
    keyPath: string;
    nodes: { name: string; address: string }[];
  };
  const n3 = st.nodes.find((n) => n.name === 'node3');
  const add = kubelab(
    'nodes', 'add', '-f', project, '--id', 'node3', '--name', 'node3',
    '--address', n3?.address ?? '', '--key', st.keyPath, '--role', 'worker',
  ); // prettier-ignore
  if (add.code !== 0) throw new Error(`nodes add failed:\n${add.stdout}\n${add.stderr}`);
}, 600_000);

afterAll(() => {
  expect(lab('down').code).toBe(0);
  rmSync(root, { recursive: true, force: true });
});

describe('replace-node on a guide install', () => {
  it('refuses bad input naming it, and says what it destroys before --yes', () => {
    // (The same machine twice and a different role are refused the same way: unit tests.)
    const member = kubelab('replace-node', 'node2', 'node1', '-f', project, '--yes');
    expect(member.stderr).toMatch(/params\.newNodeId: node1 is already in the cluster/);
    const unconfirmed = kubelab('replace-node', 'node2', 'node3', '-f', project);
    expect(unconfirmed.code).not.toBe(0);
    expect(unconfirmed.stderr).toMatch(/its pods are evicted.*\/etc\/kubernetes.*Pass --yes/);
    expect(nodes().get('node2')).toBe('Ready');
  });

  it('replaces worker node2 by node3 in one run, killed after the removal and resumed with the join', async () => {
    const args = ['replace-node', 'node2', 'node3', '-f', project, '--yes'];
    const killed = await killedAt([...args, '--accept-new-host-keys'], /\+ master1 +delete-node/);
    expect(killed.code, `${killed.stdout}\n${killed.stderr}`).not.toBe(0);
    const first = /\brun (r[^\s:]+): \d+ tasks/.exec(killed.stdout)?.[1];
    expect(first).toBeDefined();
    // The removal part is done: node2's Node is deleted and the machine reset.
    expect(nodes().has('node2')).toBe(false);
    expect(onNode('node2', 'ls /etc/kubernetes/kubelet.conf 2>/dev/null || true').trim()).toBe('');

    // node3 was not reached before the kill: its host key is pinned on first contact.
    const r = kubelab(...args, '--accept-new-host-keys');
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain(`resuming run ${first ?? ''}`);
    // The removal is not run again; the join is.
    expect(r.stdout).not.toMatch(/> master1 +drain-node/);
    expect(r.stdout).toMatch(/\+ node3 +add-node/);
    const after = nodes();
    expect(after.has('node2')).toBe(false);
    expect(after.get('node3')).toBe('Ready');
    expect([...after.keys()].sort()).toEqual(['master1', 'node1', 'node3']);

    // Recorded once: the cluster's record is this run, with node3 in and node2 out of it.
    const status = kubelab('status', '-f', project);
    expect(status.stdout).toContain(`run ${first ?? ''} (kubelab replace-node): succeeded`);
    // node2 left the record with the run's success: the faces offer it as a spare now.
    expect(readFileSync(project, 'utf8')).not.toMatch(/nodeId: node2\b/);
    expect(readFileSync(project, 'utf8')).toMatch(/nodeId: node3\b/);
    // (`<run>.origin` files there only say which face started each run.)
    const runs = join(dir, 'kubelab.yaml.runs');
    const own = readdirSync(dir).includes('kubelab.yaml.runs') ? readdirSync(runs) : [];
    expect(own.filter((f) => f.endsWith('.json'))).toEqual([]);
  }, 180_000);
});
