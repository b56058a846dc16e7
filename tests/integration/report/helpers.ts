/** The built `kubelab` CLI and a practice-lab instance of the report suite's own (instance 2). */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '..', '..', '..');
const LAB_SH = join(REPO, 'tests', 'lab', 'lab.sh');
/** Its own build directory, so the install suite's build (kubelab-it) may run alongside. */
const OUT = join(REPO, 'node_modules', '.cache', 'kubelab-it-report');
export const CLI = join(OUT, 'cli.cjs');
export const LAB_ENV = { ...process.env, LAB_INSTANCE: process.env.REPORT_LAB_INSTANCE ?? '2' };

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): Result {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    input: opts.input,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The CLI as tests/integration/install builds it (main/cli/index.ts → one CJS file). */
export function buildCli(): void {
  const r = run('npx', ['vite', 'build', '-c', 'tests/integration/install/vite.cli.config.ts'], {
    env: { ...process.env, KUBELAB_IT_OUT: OUT },
    cwd: REPO,
  });
  if (r.code !== 0) throw new Error(`building the CLI failed:\n${r.stdout}\n${r.stderr}`);
}

export function lab(...args: string[]): Result {
  return run('bash', [LAB_SH, ...args], { env: LAB_ENV });
}

/** A root command inside a lab node (setup and assertions; kubelab itself goes over SSH). */
export function onNode(node: string, command: string): string {
  const r = lab('exec', node, 'bash', '-c', command);
  if (r.code !== 0)
    throw new Error(`${node}: ${command}\nexit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Every regular file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

/**
 * Where any of `needles` occurs in the file: as bytes, and with all whitespace removed (a PDF's
 * text may wrap a long word). Returns "file: needle" lines.
 */
export function leaks(file: string, needles: readonly string[], text?: string): string[] {
  const raw = text ?? readFileSync(file, 'latin1');
  const squeezed = raw.replace(/\s+/g, '');
  return needles
    .filter((n) => raw.includes(n) || squeezed.includes(n.replace(/\s+/g, '')))
    .map((n) => `${file}: ${n}`);
}
