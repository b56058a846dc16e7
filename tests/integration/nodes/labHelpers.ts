import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliOut } from '../../../main/cli/cliContext';
import type { NodesCliDeps } from '../../../main/cli/nodesCommand';
import { noPrompter, type Prompter } from '../../../main/cli/prompt';
import { saveProject } from '../../../main/store/projectFile';
import { untitledProject } from '../../../main/store/projectStore';

/**
 * The `kubelab nodes` lab tests run on a lab instance of their own (LAB_INSTANCE, default 8:
 * namespaces klab8-*, bridge kubelab8, subnet 172.31.242.0/24), so other engineers' labs
 * (default, 6, 7, 9 …) are never touched. NODES_LAB_INSTANCE picks another.
 */
export const LAB_SH = join(import.meta.dirname, '..', '..', 'lab', 'lab.sh');
export const INSTANCE = process.env.NODES_LAB_INSTANCE ?? '8';
const ENV = {
  ...process.env,
  LAB_INSTANCE: INSTANCE,
  LAB_STATE: '',
  LAB_SUBNET: '',
  LAB_BRIDGE: '',
};
export const usable = process.getuid?.() === 0 && existsSync(LAB_SH);

export interface LabNode {
  name: string;
  address: string;
  port: number;
  later: boolean;
  users: Array<{ user: string; password: string; sudo: boolean }>;
  hostKey: { algorithm: string; fingerprint: string };
}

export function lab(...args: string[]): string {
  return execFileSync('bash', [LAB_SH, ...args], { env: ENV, encoding: 'utf8', timeout: 300_000 });
}

export function labDown(): void {
  spawnSync('bash', [LAB_SH, 'down'], { env: ENV, stdio: 'ignore' });
}

/** A fresh lab with `scenario`; the nodes it has now (not the ones for later). */
export function labUp(scenario: string): LabNode[] {
  labDown();
  lab('up', scenario);
  const status = JSON.parse(lab('status', '--json')) as { nodes: LabNode[] };
  return status.nodes.filter((n) => !n.later);
}

/** An empty project file in a temp dir (what `kubelab init` would leave). */
export async function emptyProject(): Promise<{ dir: string; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-nodes-it-'));
  const file = join(dir, 'kubelab.yaml');
  await saveProject(file, untitledProject());
  return { dir, file };
}

export interface Captured {
  deps: NodesCliDeps;
  out(): string;
  err(): string;
}

/** Captured output and a CLI environment in `dir` (config, vault); no real terminal. */
export function cli(
  dir: string,
  prompter: Prompter = noPrompter,
  env: NodeJS.ProcessEnv = {},
): Captured {
  let out = '';
  let err = '';
  const io: CliOut = { out: (t) => void (out += t), err: (t) => void (err += t) };
  return {
    deps: {
      io,
      prompter,
      env: {
        KUBELAB_CONFIG_DIR: join(dir, 'config'),
        KUBELAB_VAULT: join(dir, 'vault.json'),
        ...env,
      },
    },
    out: () => out,
    err: () => err,
  };
}

/** A terminal that answers the host-key questions from a script and records them. */
export function answering(answers: string[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  return {
    interactive: true,
    asked,
    ask: async (q) => {
      asked.push(q);
      return answers.shift() ?? 'no';
    },
    askSecret: async () => {
      throw new Error('no secret expected');
    },
  };
}
