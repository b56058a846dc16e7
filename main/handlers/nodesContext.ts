import type { HostFacts } from '../../common/model/facts';
import type { EventBus } from '../api/eventBus';
import type { Remote } from '../engine/remote';
import { HostKeyBroker } from '../ssh/hostKeyBroker';
import { SshPool } from '../ssh/pool';
import { SshRemote } from '../ssh/sshRemote';
import { createInventoryService, type InventoryService } from '../services/inventoryService';
import { MemoryInventoryStore, type InventoryStore } from '../services/inventoryStore';
import { projectInventoryStore } from '../services/inventoryProjectStore';
import type { ProjectStore } from '../store/projectStore';
import { TerminalService } from '../services/terminalService';
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
  /** ssh-agent socket; defaults to SSH_AUTH_SOCK. */
  agentSocket?: string;
  /** Where terminal session logs go when a session asks for one. */
  terminalLogDir?: string;
  allowLocalShell?: boolean;
}

export interface NodesContext {
  inventory: InventoryService;
  pool: SshPool;
  secrets: SecretStore;
  hostKeys: HostKeyBroker;
  terminals: TerminalService;
  /** The engine's handle on a node (see engine/remote.ts). */
  remote(nodeId: string): Remote;
  /** The last facts gathered per node id (nodes.facts, the report), for the report. */
  lastFacts: Map<string, HostFacts>;
  close(): void;
}

const contexts = new WeakMap<EventBus, NodesContext>();

/**
 * The machine-facing services of one backend, built once per EventBus so the nodes and terminal
 * handlers (and the install engine) share one connection pool and one inventory.
 */
export function nodesContext(
  deps: { nodes?: NodesDeps; projectStore?: ProjectStore },
  bus: EventBus,
): NodesContext {
  const existing = contexts.get(bus);
  if (existing) return existing;
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
  });
  const pool = new SshPool({
    lookup: (id) => inventory.get(id),
    secrets,
    trust: hostKeys,
    agentSocket: d.agentSocket,
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
  const ctx: NodesContext = {
    inventory,
    pool,
    secrets,
    hostKeys,
    terminals,
    remote: (nodeId) => new SshRemote(nodeId, pool, { secrets }),
    lastFacts: new Map(),
    close: () => {
      terminals.closeAll();
      pool.closeAll();
    },
  };
  contexts.set(bus, ctx);
  return ctx;
}

/** The nodes context a backend already built on this bus, if any (the report's facts source). */
export function existingNodesContext(bus: EventBus): NodesContext | undefined {
  return contexts.get(bus);
}
