/** Builds the SSH layer the way the back end does, over an in-memory node list. */
import type { HostKey, NodeSpec } from '../../../common/model/node';
import type { HostKeyQuestion, HostKeyTrust } from '../../../main/ssh/connection';
import { SshPool } from '../../../main/ssh/pool';
import { SshRemote } from '../../../main/ssh/sshRemote';
import { MemorySecretStore, nodeSecretKey } from '../../../main/store/secrets';

export interface Harness {
  nodes: Map<string, NodeSpec>;
  secrets: MemorySecretStore;
  questions: HostKeyQuestion[];
  pool: SshPool;
  remote(nodeId: string): SshRemote;
  close(): void;
}

export function node(
  id: string,
  port: number,
  user: string,
  extra: Partial<NodeSpec> = {},
): NodeSpec {
  return {
    id,
    name: id,
    address: '127.0.0.1',
    port,
    user,
    auth: 'password',
    role: 'worker',
    labels: {},
    ...extra,
  };
}

export function harness(
  specs: NodeSpec[],
  opts: {
    answer?: boolean;
    agentSocket?: string;
    passwords?: Record<string, string>;
    connectTimeoutMs?: number;
  } = {},
): Harness {
  const nodes = new Map(specs.map((s) => [s.id, s]));
  const secrets = new MemorySecretStore();
  for (const [id, pw] of Object.entries(opts.passwords ?? {}))
    void secrets.set(nodeSecretKey(id, 'password'), pw);
  const questions: HostKeyQuestion[] = [];
  const trust: HostKeyTrust = {
    async askUnknown(q) {
      questions.push(q);
      return opts.answer ?? true;
    },
    async pin(nodeId: string, key: HostKey) {
      const spec = nodes.get(nodeId);
      if (spec) nodes.set(nodeId, { ...spec, hostKey: key });
    },
  };
  const pool = new SshPool({
    lookup: async (id) => {
      const spec = nodes.get(id);
      if (!spec) throw new Error(`no node ${id}`);
      return spec;
    },
    secrets,
    trust,
    agentSocket: opts.agentSocket,
    connectTimeoutMs: opts.connectTimeoutMs ?? 5_000,
    backoffMs: 100,
    idleMs: 2_000,
  });
  return {
    nodes,
    secrets,
    questions,
    pool,
    remote: (id) => new SshRemote(id, pool, { secrets }),
    close: () => pool.closeAll(),
  };
}
