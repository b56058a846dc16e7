/** Drives the real `kubelab` CLI (a bundle of main/cli/index.ts) against a practice-lab instance. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '..', '..', '..');
const LAB_SH = join(REPO, 'tests', 'lab', 'lab.sh');
// KUBELAB_IT_OUT: a build directory of one's own (node_modules may be shared between checkouts,
// and another checkout's build there would be the CLI under test).
export const CLI = join(
  process.env.KUBELAB_IT_OUT ?? join(REPO, 'node_modules', '.cache', 'kubelab-it'),
  'cli.cjs',
);
/** A lab instance of its own, so the lab's own tests (instance 0) can run alongside. */
export const LAB_ENV = { ...process.env, LAB_INSTANCE: process.env.KUBELAB_IT_LAB_INSTANCE ?? '3' };

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd?: string,
): Result {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, cwd, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function buildCli(): void {
  const r = run(
    'npx',
    ['vite', 'build', '-c', 'tests/integration/install/vite.cli.config.ts'],
    process.env,
    REPO,
  );
  if (r.code !== 0) throw new Error(`building the CLI failed:\n${r.stdout}\n${r.stderr}`);
}

export function lab(...args: string[]): Result {
  return run('bash', [LAB_SH, ...args], LAB_ENV);
}

/** A root command inside a lab node (assertions only; kubelab itself goes over SSH). */
export function onNode(node: string, command: string): string {
  const r = lab('exec', node, 'bash', '-c', command);
  if (r.code !== 0)
    throw new Error(`${node}: ${command}\nexit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export interface Workspace {
  dir: string;
  project: string;
  env: NodeJS.ProcessEnv;
}

/** Brings the lab up with `scenario` and writes its project file into a fresh directory. */
export function labWorkspace(scenario: string): Workspace {
  lab('down');
  const up = lab('up', scenario);
  if (up.code !== 0) throw new Error(`lab up ${scenario} failed: ${up.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), `kubelab-it-${scenario}-`));
  const project = join(dir, 'kubelab.yaml');
  writeFileSync(project, lab('project').stdout);
  mkdirSync(join(dir, 'config'), { recursive: true });
  return { dir, project, env: { ...process.env, KUBELAB_CONFIG_DIR: join(dir, 'config') } };
}

export function kubelab(ws: Workspace, ...args: string[]): Result {
  return run('node', [CLI, ...args], ws.env, ws.dir);
}

/**
 * Starts `kubelab` in the background; `until` resolves once a line of its output matches, so a
 * test can act at that moment (drop the link, kill the process). `done` resolves with the result.
 */
export function kubelabAsync(
  ws: Workspace,
  args: string[],
  match: RegExp,
): { until: Promise<void>; done: Promise<Result>; kill(): void; output(): string } {
  const child = spawn('node', [CLI, ...args], { env: ws.env, cwd: ws.dir });
  let stdout = '';
  let stderr = '';
  let hit: () => void = () => undefined;
  const until = new Promise<void>((r) => (hit = r));
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString();
    if (match.test(stdout)) hit();
  });
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const done = new Promise<Result>((r) =>
    child.on('close', (code) => {
      hit();
      r({ code: code ?? -1, stdout, stderr });
    }),
  );
  return {
    until,
    done,
    kill: () => child.kill('SIGKILL'),
    // What it printed so far: a run that does not end says where it stands.
    output: () => `${stdout}\n${stderr}`,
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Nodes Ready per kubectl on the control plane: address → status. */
export function nodeStatus(cp: string): Map<string, string> {
  const out = onNode(cp, 'kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes -o wide');
  return new Map(
    out
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(/ +/))
      .map((c) => [c[5] ?? '', c[1] ?? '']),
  );
}

/** Detached runs of a step on a node, over every run: kubeadm init ran once means one entry. */
export function detachedRuns(node: string, stepId: string): string[] {
  return onNode(node, `ls -d /var/lib/kubelab/runs/*/${stepId}.* 2>/dev/null || true`)
    .trim()
    .split('\n')
    .filter(Boolean);
}
