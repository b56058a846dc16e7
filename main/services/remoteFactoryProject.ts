import { createInterface } from 'node:readline/promises';
import type { Project } from '../../common/model/project';
import { AppError } from '../../common/model/appError';
import { validatePlan } from '../../common/plan/validatePlan';
import type { HostKeyQuestion } from '../ssh/connection';
import { keyLabel } from '../ssh/hostKey';
import { FileProjectStore, type ProjectStore } from '../store/projectStore';
import { EnvSecretStore } from '../store/secretsEnv';
import { createRemoteFactory, type RemoteFactory } from './remoteFactory';

export interface ProjectSession {
  store: ProjectStore;
  project(): Project;
  remotes: RemoteFactory;
  close(): void;
}

export interface SessionOptions {
  /** Trust host keys seen for the first time (they are pinned into the project file). */
  acceptNewHostKeys?: boolean;
  /** Ask on the terminal when a new host key is seen (only when stdin is a TTY). */
  interactive?: boolean;
  write?(text: string): void;
}

/**
 * Opens a project file for the CLI: the project store (file-backed, so run state and pinned host
 * keys are saved into it), secrets from the environment (KUBELAB_PASSWORD[_<NODE>],
 * KUBELAB_PASSPHRASE[_<NODE>]; key files and the agent need none), and SSH remotes.
 */
export async function openProjectSession(
  file: string,
  opts: SessionOptions = {},
): Promise<ProjectSession> {
  const store = new FileProjectStore();
  await store.open(file);
  const write = opts.write ?? ((t: string): void => void process.stderr.write(t));
  const askUnknown = async (q: HostKeyQuestion): Promise<boolean> => {
    const what = `${q.host}:${q.port} (${q.nodeId}) presents a new ${keyLabel(q.key.algorithm)} host key ${q.key.fingerprint}`;
    if (opts.acceptNewHostKeys) {
      write(`kubelab: ${what}; accepted and pinned (--accept-new-host-keys)\n`);
      return true;
    }
    if (opts.interactive && process.stdin.isTTY) {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      const answer = await rl.question(`kubelab: ${what}.\nTrust it and pin it? [y/N] `);
      rl.close();
      return /^y(es)?$/i.test(answer.trim());
    }
    write(`kubelab: ${what}; refused (pin it in the project or pass --accept-new-host-keys)\n`);
    return false;
  };
  const remotes = createRemoteFactory({ store, secrets: new EnvSecretStore(), askUnknown });
  return { store, project: () => store.get(), remotes, close: () => remotes.close() };
}

/** Refuses a plan with problems, listing every field (exit status 2 in the CLI). */
export function assertPlanValid(project: Project): void {
  const errors = validatePlan(project.plan, { nodes: project.nodes });
  if (errors.length === 0) return;
  throw new AppError({
    code: 'invalid_plan',
    message: `the plan cannot be installed:\n${errors.map((e) => `  ${e.field}: ${e.message}`).join('\n')}`,
    field: errors[0]?.field,
  });
}
