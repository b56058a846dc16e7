import type { Project } from '../../common/model/project';
import { assertRunnable } from './runValidation';
import type { HostKeyQuestion } from '../ssh/connection';
import { FileProjectStore, type ProjectStore } from '../store/projectStore';
import type { SecretStore } from '../store/secrets';
import { EnvSecretStore } from '../store/secretsEnv';
import type { NodesContext, RemoteFactory } from '../handlers/nodesContext';
import { projectNodesContext } from './remoteFactory';

export interface ProjectSession {
  store: ProjectStore;
  project(): Project;
  /** The session's one inventory, host-key policy and SSH pool. */
  nodes: NodesContext;
  /** The install engine's remotes, over `nodes`' pool. */
  remotes: RemoteFactory;
  close(): void;
}

export interface SessionOptions {
  /** Where node passwords and passphrases come from; default: KUBELAB_PASSWORD_* variables. */
  secrets?: SecretStore;
  /**
   * Decides about a host key seen for the first time (a changed key never gets here: the SSH
   * layer stops that node before any authentication). Default: refuse.
   */
  askUnknown?(question: HostKeyQuestion): Promise<boolean>;
}

/**
 * Opens a project file for a command: the project store (file-backed, so run state and pinned
 * host keys are saved into it), the given secrets and host-key policy, and one nodes context
 * (createNodesContext, as a backend has) whose pool every remote of the session uses. No CLI
 * command uses it any more (they call the contract: cli/cliBackend.ts); the preflight suites'
 * helpers and bench/ still open projects this way.
 */
export async function openProjectSession(
  file: string,
  opts: SessionOptions = {},
): Promise<ProjectSession> {
  const store = new FileProjectStore();
  await store.open(file);
  const nodes = projectNodesContext({
    store,
    secrets: opts.secrets ?? new EnvSecretStore(),
    askUnknown: opts.askUnknown,
  });
  return {
    store,
    project: () => store.get(),
    nodes,
    remotes: nodes.remotes,
    close: () => nodes.close(),
  };
}

/** Refuses a project that must not reach a node: the plan and the nodes (runValidation.ts). */
export function assertPlanValid(project: Project): void {
  assertRunnable(project);
}
