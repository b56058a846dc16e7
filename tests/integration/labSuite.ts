// One lab suite's set-up, shared by the integration suites that install on a practice-lab
// instance of their own: the CLI built into a folder of the suite's own (node_modules is shared
// between checkouts, and another checkout's build there would be the CLI under test), the lab
// brought up from a scenario, its project written into a fresh directory, and the helpers every
// such suite calls (lab.sh, the kubelab CLI, a root command on a node).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '..', '..');
const LAB_SH = join(REPO, 'tests', 'lab', 'lab.sh');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** A command run to its end (at most 10 minutes), its output kept whole. */
export function run(
  cmd: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Result {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export interface LabSuiteOptions {
  /** Names the CLI's build folder (node_modules/.cache/kubelab-it-<name>) and the temp folder. */
  name: string;
  /** The environment variable that picks the suite's lab instance, and the instance without it. */
  instanceVar: string;
  defaultInstance: string;
  /** More of kubelab's environment (e.g. LANG: 'C' for a suite that reads English output). */
  env?: NodeJS.ProcessEnv;
}

export interface LabSuite {
  /** The suite's temporary folder; `dir` (the project's folder) and the config folder are in it. */
  root: string;
  dir: string;
  /** The project file, written by `setUp` from the lab's own project. */
  project: string;
  /** kubelab's environment: its own config folder (known hosts, vault) in `root`. */
  env: NodeJS.ProcessEnv;
  /** The built CLI's file, for a suite that starts kubelab itself (to kill it mid-run). */
  cli: string;
  /** tests/lab/lab.sh on the suite's instance. */
  lab: (...args: string[]) => Result;
  /** The built `kubelab` CLI, run in the project's folder. */
  kubelab: (...args: string[]) => Result;
  /** A root command inside a lab node (set-up and assertions; kubelab itself goes over SSH). */
  onNode: (node: string, command: string) => string;
  /** For beforeAll: builds the CLI, brings `scenario` up on a clean instance, writes the project. */
  setUp: (scenario: string) => void;
  /** For afterAll: takes the lab down and removes the temporary folder; lab.sh's exit status. */
  tearDown: () => number;
}

export function labSuite(options: LabSuiteOptions): LabSuite {
  // KUBELAB_IT_OUT may be given relative to the repository or absolute.
  const out = resolve(
    REPO,
    process.env.KUBELAB_IT_OUT ?? join('node_modules', '.cache', `kubelab-it-${options.name}`),
  );
  const labEnv = {
    ...process.env,
    LAB_INSTANCE: process.env[options.instanceVar] ?? options.defaultInstance,
  };
  const root = mkdtempSync(join(tmpdir(), `kubelab-${options.name}-it-`));
  const dir = join(root, 'project');
  const project = join(dir, 'kubelab.yaml');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KUBELAB_CONFIG_DIR: join(root, 'config'),
    ...options.env,
  };
  const lab = (...args: string[]): Result => run('bash', [LAB_SH, ...args], { env: labEnv });
  const cli = join(out, 'cli.cjs');
  const kubelab = (...args: string[]): Result => run('node', [cli, ...args], { env, cwd: dir });
  const onNode = (node: string, command: string): string => {
    const r = lab('exec', node, 'bash', '-c', command);
    if (r.code !== 0)
      throw new Error(`${node}: ${command}\nexit ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  const setUp = (scenario: string): void => {
    mkdirSync(dir, { recursive: true });
    const build = run(
      'npx',
      ['vite', 'build', '-c', 'tests/integration/install/vite.cli.config.ts'],
      { env: { ...process.env, KUBELAB_IT_OUT: out }, cwd: REPO },
    );
    if (build.code !== 0)
      throw new Error(`building the CLI failed:\n${build.stdout}\n${build.stderr}`);
    lab('down');
    const up = lab('up', scenario);
    if (up.code !== 0) throw new Error(`lab up ${scenario} failed: ${up.stderr}`);
    writeFileSync(project, lab('project').stdout);
  };
  const tearDown = (): number => {
    const down = lab('down').code;
    rmSync(root, { recursive: true, force: true });
    return down;
  };
  return { root, dir, project, env, cli, lab, kubelab, onNode, setUp, tearDown };
}
