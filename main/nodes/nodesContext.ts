import type { HostFacts } from '../../common/model/facts';
import type { NodeSpec } from '../../common/model/node';
import type { EventBus } from '../api/eventBus';
import type { Remote } from '../engine/remote';
import type { HostKeyQuestion } from '../ssh/connection';
import { HostKeyBroker } from '../ssh/hostKeyBroker';
import { SshPool } from '../ssh/pool';
import { SshRemote } from '../ssh/sshRemote';
import { createInventoryService, type InventoryService } from './inventoryService';
import { MemoryInventoryStore, type InventoryStore } from './inventoryStore';
import { projectInventoryStore } from './inventoryProjectStore';
import type { ProjectStore } from '../store/projectStore';
import { TerminalService } from '../terminals/terminalService';
import { chainSecretStores, MemorySecretStore, type SecretStore } from '../store/secrets';
import { EnvSecretStore } from '../store/secretsEnv';

/** What a face may choose about machines; every field has a safe default. */
export interface NodesDeps {
  /** Where nodes live; defaults to the open project (kubelab.yaml), else memory. */
  inventoryStore?: InventoryStore;
  /** Passwords/passphrases; defaults to KUBELAB_PASSWORD_* variables, then memory only. */
  secrets?: SecretStore;
  /** Trust unknown host keys without asking (CLI --accept-new-host-keys); changed keys never. */
  acceptNewHostKeys?: boolean;
  /**
   * Decides a host key seen for the first time itself (the CLI asks on its terminal) instead of
   * raising a `nodes.hostKeyPrompt` event; a changed key never gets here.
   */
  askUnknown?(question: HostKeyQuestion): Promise<boolean>;
  /** ssh-agent socket; defaults to SSH_AUTH_SOCK. */
  agentSocket?: string;
  /** Where terminal session logs go when a session asks for one. */
  terminalLogDir?: string;
  allowLocalShell?: boolean;
  connectTimeoutMs?: number;
}

/** The engine's handles on nodes (see engine/remote.ts), over a nodes context's pool. */
export interface RemoteFactory {
  remoteFor(node: NodeSpec): Remote;
  close(): void;
}

export interface NodesContext {
  inventory: InventoryService;
  pool: SshPool;
  secrets: SecretStore;
  hostKeys: HostKeyBroker;
  terminals: TerminalService;
  /** The engine's handle on a node (see engine/remote.ts). */
  remote(nodeId: string): Remote;
  /** The install engine's remote factory over this context's pool (closing closes the context). */
  remotes: RemoteFactory;
  /** The last facts gathered per node id (nodes.facts, the report), for the report. */
  lastFacts: Map<string, HostFacts>;
  close(): void;
}

/**
 * The machine-facing services of one backend: one inventory, one host-key policy and one SSH
 * connection pool, shared by the nodes, terminal and preflight handlers and by the install
 * engine's remotes. Built once by `createBackend` (every face, the lab suites and the benches go
 * through it) and handed to its users; calling it twice makes two independent pools. This is the
 * composition root of machine access: the only module that may build SSH sessions (SshPool,
 * SshRemote, connectNode), which lint enforces (eslint-rules/layers.js, SESSION_BUILDERS).
 */
export function createNodesContext(
  deps: { nodes?: NodesDeps; projectStore?: ProjectStore },
  bus: EventBus,
): NodesContext {
  const d = deps.nodes ?? {};
  const secrets = d.secrets ?? chainSecretStores([new EnvSecretStore(), new MemorySecretStore()]);
  const inventory = createInventoryService(
    d.inventoryStore ??
      (deps.projectStore ? projectInventoryStore(deps.projectStore) : new MemoryInventoryStore()),
    (nodes) => bus.emit('nodes.changed', { nodes }),
  );
  const hostKeys = new HostKeyBroker({
    emit: (prompt) => bus.emit('nodes.hostKeyPrompt', prompt),
    pin: async (nodeId, key) => void (await inventory.pinHostKey(nodeId, key)),
    acceptNew: d.acceptNewHostKeys,
    decide: d.askUnknown,
  });
  const pool = new SshPool({
    lookup: (id) => inventory.get(id),
    secrets,
    trust: hostKeys,
    agentSocket: d.agentSocket,
    connectTimeoutMs: d.connectTimeoutMs,
  });
  const terminals = new TerminalService({
    pool,
    logDir: d.terminalLogDir,
    allowLocal: d.allowLocalShell,
    events: {
      data: (sessionId, data) => bus.emit('terminal.data', { sessionId, data }),
      exit: (sessionId, exit) => bus.emit('terminal.exit', { sessionId, ...exit }),
    },
  });
  const close = (): void => {
    terminals.closeAll();
    pool.closeAll();
  };
  const remote = (nodeId: string): Remote => new SshRemote(nodeId, pool, { secrets });
  return {
    inventory,
    pool,
    secrets,
    hostKeys,
    terminals,
    remote,
    remotes: { remoteFor: (node) => remote(node.id), close },
    lastFacts: new Map(),
    close,
  };
}
