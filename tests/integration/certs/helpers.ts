/** The built CLI and a practice-lab instance of the certificates suite's own (instance 16). */
import { join } from 'node:path';
import { REPO, run, type Result } from '../report/helpers';

export { REPO, run, type Result };

const LAB_SH = join(REPO, 'tests', 'lab', 'lab.sh');
/** Its own build directory, so the install and report suites' builds may run alongside. */
const OUT = process.env.KUBELAB_IT_OUT ?? join(REPO, 'node_modules', '.cache', 'kubelab-it-certs');
export const CLI = join(OUT, 'cli.cjs');
const LAB_ENV = { ...process.env, LAB_INSTANCE: process.env.CERTS_LAB_INSTANCE ?? '16' };

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
