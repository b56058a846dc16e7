/**
 * Preflight and verification on the practice lab, in a lab instance of their own (LAB_INSTANCE,
 * default 6: namespaces klab6-*, subnet 172.31.244.0/24, state /run/kubelab-lab6) so the lab's
 * and the install tests' instances are never touched.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { PreflightRun } from '../../../common/contracts/preflight';
import type { Project } from '../../../common/model/project';
import type { CheckResult } from '../../../common/model/preflight';
import { DEFAULT_SETTINGS } from '../../../common/model/settings';
import { createBackend } from '../../../main/backend';
import { runPreflight } from '../../../main/preflight/preflightService';
import { preflightDeps } from '../../../main/preflight/remoteDeps';
import type { PreflightDeps, PreflightOptions } from '../../../main/preflight/preflightService';
import { FileProjectStore } from '../../../main/store/projectStore';
import { MemorySecretStore } from '../../../main/store/secrets';
import { parseProject } from '../../../main/store/projectFile';

export const REPO = join(import.meta.dirname, '..', '..', '..');
const LAB_SH = join(REPO, 'tests', 'lab', 'lab.sh');
export const INSTANCE = process.env.PREFLIGHT_LAB_INSTANCE ?? '6';
const ENV: NodeJS.ProcessEnv = {
  ...process.env,
  LAB_INSTANCE: INSTANCE,
  LAB_SUBNET: '',
  LAB_STATE: '',
  LAB_BRIDGE: '',
};

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function lab(...args: string[]): RunResult {
  const r = spawnSync('bash', [LAB_SH, ...args], {
    encoding: 'utf8',
    env: ENV,
    maxBuffer: 16 << 20,
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** A fresh lab with `scenario` (down first: scenarios differ in nodes and quirks). */
export function up(scenario: string): Project {
  return upWithProjectText(scenario).project;
}

/** `up`, with the project file's text as `lab.sh project` printed it (to write it unchanged). */
export function upWithProjectText(scenario: string): { project: Project; text: string } {
  lab('down');
  const r = lab('up', scenario);
  if (r.code !== 0) throw new Error(`lab up ${scenario}: ${r.stderr}`);
  const p = lab('project');
  if (p.code !== 0) throw new Error(`lab project: ${p.stderr}`);
  return { project: parseProject(p.stdout), text: p.stdout };
}

/** A root command inside a node (lab debugging path, not over ssh) — for setting up and asserting. */
export function exec(node: string, cmd: string): RunResult {
  return lab('exec', node, 'bash', '-c', cmd);
}

/**
 * Runs `fn` with SSH to the project's nodes the way the back end reaches them: a backend's own
 * nodes context (createBackend → createNodesContext: pinned host keys, the lab key, an unknown
 * key refused), closed afterwards.
 */
export async function withDeps<T>(
  project: Project,
  fn: (deps: PreflightDeps) => Promise<T>,
): Promise<T> {
  const backend = createBackend({
    face: 'cli',
    settingsStore: { read: async () => DEFAULT_SETTINGS, write: async () => undefined },
    projectStore: new FileProjectStore(project),
    nodes: { secrets: new MemorySecretStore(), askUnknown: () => Promise.resolve(false) },
  });
  try {
    return await fn(preflightDeps(backend.nodes));
  } finally {
    backend.nodes.close();
  }
}

export function preflight(project: Project, opts: PreflightOptions = {}): Promise<PreflightRun> {
  return withDeps(project, (deps) => runPreflight(project.nodes, project.plan, deps, opts));
}

export function results(run: PreflightRun, checkId: string, nodeId?: string): CheckResult[] {
  return run.report.results.filter(
    (r) => r.checkId === checkId && (nodeId === undefined || r.nodeIds.includes(nodeId)),
  );
}

export function one(run: PreflightRun, checkId: string, nodeId: string): CheckResult {
  const r = results(run, checkId, nodeId);
  if (r.length !== 1)
    throw new Error(`${checkId} on ${nodeId}: ${r.length} results\n${JSON.stringify(r, null, 1)}`);
  return r[0] as CheckResult;
}
