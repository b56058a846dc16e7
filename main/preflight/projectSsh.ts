import { AppError } from '../../common/model/appError';
import type { HostKey, NodeSpec } from '../../common/model/node';
import type { Project } from '../../common/model/project';
import { gatherFacts } from '../services/factsService';
import type { HostKeyQuestion, HostKeyTrust } from '../ssh/connection';
import { SshPool } from '../ssh/pool';
import { SshRemote } from '../ssh/sshRemote';
import { chainSecretStores, MemorySecretStore, type SecretStore } from '../store/secrets';
import { EnvSecretStore } from '../store/secretsEnv';
import type { PreflightDeps } from './preflightService';

export interface ProjectSsh extends PreflightDeps {
  pool: SshPool;
  close(): void;
}

/**
 * SSH to a project file's machines for the command line (and the contract until the nodes
 * service shares its pool): host keys must be pinned in the project — an unknown key is refused
 * unless `acceptNew` (then trusted for this run only, never written back) — and passwords come
 * from KUBELAB_PASSWORD[_<NODE>] (see store/secretsEnv.ts).
 */
export function projectSsh(
  project: Project,
  opts: { acceptNew?: boolean; secrets?: SecretStore } = {},
): ProjectSsh {
  const nodes = new Map<string, NodeSpec>(project.nodes.map((n) => [n.id, n]));
  const secrets =
    opts.secrets ?? chainSecretStores([new EnvSecretStore(), new MemorySecretStore()]);
  const trust: HostKeyTrust = {
    askUnknown: async (_q: HostKeyQuestion) => opts.acceptNew === true,
    pin: async (nodeId: string, key: HostKey) => {
      const spec = nodes.get(nodeId);
      if (spec) nodes.set(nodeId, { ...spec, hostKey: key });
    },
  };
  const pool = new SshPool({
    lookup: async (id) => {
      const spec = nodes.get(id);
      if (!spec)
        throw new AppError({
          code: 'not_found',
          nodeId: id,
          message: `No node ${id} in the project.`,
        });
      return spec;
    },
    secrets,
    trust,
    connectTimeoutMs: 10_000,
    idleMs: 5_000,
  });
  const ctx = { secrets };
  return {
    pool,
    remote: (id) => new SshRemote(id, pool, ctx),
    facts: (id) => gatherFacts(pool, ctx, id),
    close: () => pool.closeAll(),
  };
}
