import type { HostKey, NodeSpec } from '../../common/model/node';
import { AppError } from '../../common/model/appError';
import type { Remote } from '../engine/remote';
import type { HostKeyQuestion, HostKeyTrust } from '../ssh/connection';
import { SshPool } from '../ssh/pool';
import { SshRemote } from '../ssh/sshRemote';
import type { ProjectStore } from '../store/projectStore';
import type { SecretStore } from '../store/secrets';

export interface RemoteFactoryOptions {
  store: ProjectStore;
  secrets: SecretStore;
  /**
   * Decides about a host key seen for the first time (a pinned key that changed is never asked
   * about: the connection stops). Default: refuse, naming the fingerprint.
   */
  askUnknown?(question: HostKeyQuestion): Promise<boolean>;
  connectTimeoutMs?: number;
}

export interface RemoteFactory {
  remoteFor(node: NodeSpec): Remote;
  close(): void;
}

/**
 * Remotes for the project's nodes over one SSH pool. Node specs are read from the project on
 * every (re)connect, and a host key accepted on first use is pinned into the project file, so
 * the next connection insists on the same key.
 */
export function createRemoteFactory(opts: RemoteFactoryOptions): RemoteFactory {
  const trust: HostKeyTrust = {
    askUnknown: (q) => (opts.askUnknown ? opts.askUnknown(q) : Promise.resolve(false)),
    pin: async (nodeId: string, key: HostKey) => {
      const project = opts.store.get();
      opts.store.set({
        ...project,
        nodes: project.nodes.map((n) => (n.id === nodeId ? { ...n, hostKey: key } : n)),
      });
      if (opts.store.path()) await opts.store.save();
    },
  };
  const pool = new SshPool({
    lookup: async (id) => {
      const node = opts.store.get().nodes.find((n) => n.id === id);
      if (!node)
        throw new AppError({ code: 'not_found', message: `no node "${id}" in the project` });
      return node;
    },
    secrets: opts.secrets,
    trust,
    connectTimeoutMs: opts.connectTimeoutMs ?? 15_000,
  });
  const remotes = new Map<string, SshRemote>();
  return {
    remoteFor: (node) => {
      let r = remotes.get(node.id);
      if (!r) {
        r = new SshRemote(node.id, pool, { secrets: opts.secrets });
        remotes.set(node.id, r);
      }
      return r;
    },
    close: () => pool.closeAll(),
  };
}
