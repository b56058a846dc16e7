/**
 * The real `kubelab` CLI (a bundle of main/cli/index.ts, built like the install tests build it but
 * into a directory of its own) against this suite's lab instance (helpers.ts, default 6): what a
 * user types — `kubelab preflight`, `kubelab preflight --fix … --yes`, `kubelab apply`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FixOutcome, PreflightRun } from '../../../common/contracts/preflight';
import type { DiagnoseResult } from '../../../common/model/diagnosis';
import type { Project } from '../../../common/model/project';
import { exec, REPO, upWithProjectText, type RunResult } from './helpers';

const OUT = join(REPO, 'node_modules', '.cache', 'kubelab-preflight-it');
const CLI = join(OUT, 'cli.cjs');

function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  input?: string,
): RunResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, cwd, input, maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function buildCli(): void {
  const r = run(
    'npx',
    ['vite', 'build', '-c', 'tests/integration/install/vite.cli.config.ts'],
    { ...process.env, KUBELAB_IT_OUT: OUT },
    REPO,
  );
  if (r.code !== 0) throw new Error(`building the CLI failed:\n${r.stdout}\n${r.stderr}`);
}

export interface Workspace {
  dir: string;
  /** The project as `lab.sh project` wrote it (kubelab.yaml in `dir`). */
  project: Project;
  env: NodeJS.ProcessEnv;
}

/** A fresh lab with `scenario` and its project file in a new directory, as a user would start. */
export function workspace(scenario: string): Workspace {
  // The project text `up` already read: a second `lab.sh project` would only print it again.
  const { project, text } = upWithProjectText(scenario);
  const dir = mkdtempSync(join(tmpdir(), `kubelab-pf-${scenario}-`));
  writeFileSync(join(dir, 'kubelab.yaml'), text);
  mkdirSync(join(dir, 'config'));
  const env = { ...process.env, KUBELAB_CONFIG_DIR: join(dir, 'config'), LANG: 'C' };
  return { dir, project, env };
}

export function kubelab(ws: Workspace, ...args: string[]): RunResult {
  return run('node', [CLI, ...args], ws.env, ws.dir);
}

function json<T>(r: RunResult, what: string): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`${what}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  }
}

/** `kubelab preflight -f kubelab.yaml --json [extra]` (exit 0 clean, 3 blocked). */
export function preflight(ws: Workspace, ...extra: string[]): PreflightRun {
  const r = kubelab(ws, 'preflight', '-f', 'kubelab.yaml', '--json', ...extra);
  if (r.code !== 0 && r.code !== 3) throw new Error(`preflight: exit ${r.code}\n${r.stderr}`);
  return json<PreflightRun>(r, 'preflight');
}

/** `kubelab preflight --fix CHECK --node NODE --yes --json [extra]`: the fix as previewed, then a re-check. */
export function fix(
  ws: Workspace,
  checkId: string,
  nodeId: string,
  ...extra: string[]
): FixOutcome {
  const args = ['preflight', '-f', 'kubelab.yaml', '--fix', checkId, '--node', nodeId, '--yes'];
  return json<FixOutcome>(kubelab(ws, ...args, '--json', ...extra), `fix ${checkId} ${nodeId}`);
}

/** `kubelab diagnose - --json` over text a user pastes (exit 0 known, 3 unknown). */
export function diagnose(ws: Workspace, text: string): DiagnoseResult {
  return json<DiagnoseResult>(
    run('node', [CLI, 'diagnose', '-', '--json'], ws.env, ws.dir, text),
    'diagnose',
  );
}

/** `kubelab apply -f kubelab.yaml`, timed. */
export function apply(ws: Workspace): RunResult & { seconds: number } {
  const t0 = Date.now();
  const r = kubelab(ws, 'apply', '-f', 'kubelab.yaml');
  return { ...r, seconds: (Date.now() - t0) / 1000 };
}

interface NodeList {
  items: {
    metadata: { name: string };
    status: {
      conditions?: { type: string; status: string }[];
      nodeInfo?: { systemUUID?: string };
    };
  }[];
}

/** The cluster's nodes per kubectl on the control plane: `<name> Ready|NotReady`, and their UUIDs. */
export function clusterNodes(ws: Workspace): { ready: string[]; systemUUIDs: string[] } {
  const cp = ws.project.nodes.find((n) => n.role === 'control-plane')?.id ?? '';
  const r = exec(cp, 'kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes -o json');
  if (r.code !== 0) throw new Error(`kubectl get nodes on ${cp}: ${r.stderr}`);
  const { items } = JSON.parse(r.stdout) as NodeList;
  const ready = (n: NodeList['items'][number]): boolean =>
    n.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  return {
    ready: items.map((n) => `${n.metadata.name} ${ready(n) ? 'Ready' : 'NotReady'}`).sort(),
    systemUUIDs: items.map((n) => n.status.nodeInfo?.systemUUID ?? ''),
  };
}

/** What every node of the project shows once installed: `<hostname> Ready`. */
export function allReady(ws: Workspace): string[] {
  return ws.project.nodes.map((n) => `${n.id} Ready`).sort();
}
