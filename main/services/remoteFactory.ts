import { EventBus } from '../api/eventBus';
import {
  createNodesContext,
  type NodesContext,
  type RemoteFactory,
} from '../handlers/nodesContext';
import type { HostKeyQuestion } from '../ssh/connection';
import type { ProjectStore } from '../store/projectStore';
import type { SecretStore } from '../store/secrets';

export type { RemoteFactory } from '../handlers/nodesContext';

export interface RemoteFactoryOptions {
  store: ProjectStore;
  secrets: SecretStore;
  /**
   * Decides about a host key seen for the first time (a pinned key that changed is never asked
   * about: the connection stops). Default: refuse.
   */
  askUnknown?(question: HostKeyQuestion): Promise<boolean>;
  connectTimeoutMs?: number;
}

/**
 * The machine-facing services of a session without a backend (a CLI command, a test): the same
 * nodes context a backend builds, on the project, with host keys decided by `askUnknown` rather
 * than by UI prompts. Node specs are read from the project on every (re)connect, and a host key
 * accepted on first use is pinned into the project file, so the next connection insists on it.
 * Its events go to a bus of its own that nobody reads.
 */
export function projectNodesContext(opts: RemoteFactoryOptions): NodesContext {
  return createNodesContext(
    {
      projectStore: opts.store,
      nodes: {
        secrets: opts.secrets,
        askUnknown: opts.askUnknown ?? (() => Promise.resolve(false)),
        connectTimeoutMs: opts.connectTimeoutMs,
      },
    },
    new EventBus(),
  );
}

/** Remotes for the project's nodes over one pool (see projectNodesContext). */
export function createRemoteFactory(opts: RemoteFactoryOptions): RemoteFactory {
  return projectNodesContext(opts).remotes;
}
