import type { Client, ClientChannel } from 'ssh2';
import type { NodeSpec } from '../../common/model/node';
import { connectNode, type ConnectOptions, type Connected } from './connection';
import { isTransient, sshError } from './errors';
import { Semaphore } from './semaphore';

export type PoolOptions = Omit<ConnectOptions, 'sock'> & {
  /** The node's current spec (with its pinned host key) — read on every (re)connect. */
  lookup: (nodeId: string) => Promise<NodeSpec>;
  /** Concurrent channels per node; sshd's MaxSessions defaults to 10. */
  channelLimit?: number;
  /** How long an unused connection stays open for the next command. */
  idleMs?: number;
  /** First reconnect delay and cap; doubles each failure in between. */
  backoffMs?: number;
  backoffMaxMs?: number;
};

/** A use of a node's connection; `release` when done so the connection can close when idle. */
export interface Lease {
  readonly nodeId: string;
  readonly spec: NodeSpec;
  readonly client: Client;
  readonly connected: Connected;
  /** Runs `fn` holding one of the node's channel slots. */
  withChannel<T>(fn: (client: Client) => Promise<T>): Promise<T>;
  release(): void;
}

interface Entry {
  connecting?: Promise<Connected>;
  connected?: Connected;
  spec?: NodeSpec;
  refs: number;
  idle?: NodeJS.Timeout;
  jump?: Lease;
  failures: number;
  nextAttemptAt: number;
  channels: Semaphore;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * One persistent ssh2 connection per node, shared by every user of that node (steps, facts,
 * terminals) and counted by lease. A dropped connection is forgotten at once; the next lease
 * reconnects, waiting out an exponential backoff after failures so a node that is down is not
 * hammered. A node with a jump host connects through a lease on the jump host's connection.
 */
export class SshPool {
  private readonly entries = new Map<string, Entry>();
  private closed = false;

  constructor(private readonly opts: PoolOptions) {}

  private entry(nodeId: string): Entry {
    let e = this.entries.get(nodeId);
    if (!e) {
      e = {
        refs: 0,
        failures: 0,
        nextAttemptAt: 0,
        channels: new Semaphore(this.opts.channelLimit ?? 8),
      };
      this.entries.set(nodeId, e);
    }
    return e;
  }

  async acquire(nodeId: string): Promise<Lease> {
    if (this.closed) throw sshError('connection_lost', nodeId, 'The connection pool is closed.');
    const e = this.entry(nodeId);
    e.refs++;
    clearTimeout(e.idle);
    try {
      const connected = e.connected ?? (await (e.connecting ??= this.open(nodeId, e)));
      return this.lease(nodeId, e, connected);
    } catch (err) {
      this.unref(nodeId, e);
      throw err;
    }
  }

  private lease(nodeId: string, e: Entry, connected: Connected): Lease {
    let released = false;
    const spec = e.spec as NodeSpec;
    return {
      nodeId,
      spec,
      client: connected.client,
      connected,
      withChannel: async <T>(fn: (client: Client) => Promise<T>): Promise<T> => {
        const free = await e.channels.acquire();
        try {
          return await fn(connected.client);
        } finally {
          free();
        }
      },
      release: () => {
        if (released) return;
        released = true;
        this.unref(nodeId, e);
      },
    };
  }

  private unref(nodeId: string, e: Entry): void {
    e.refs = Math.max(0, e.refs - 1);
    if (e.refs > 0) return;
    clearTimeout(e.idle);
    e.idle = setTimeout(() => this.drop(nodeId, e), this.opts.idleMs ?? 30_000);
    e.idle.unref();
  }

  private drop(nodeId: string, e: Entry): void {
    const c = e.connected;
    e.connected = undefined;
    c?.close();
    e.jump?.release();
    e.jump = undefined;
    if (e.refs === 0 && this.entries.get(nodeId) === e && !e.connecting)
      this.entries.delete(nodeId);
  }

  private async open(nodeId: string, e: Entry): Promise<Connected> {
    try {
      const wait = e.nextAttemptAt - Date.now();
      if (wait > 0) await sleep(wait);
      const spec = await this.opts.lookup(nodeId);
      e.spec = spec;
      let sock: ConnectOptions['sock'];
      if (spec.jumpHost) {
        if (spec.jumpHost === nodeId)
          throw sshError('unreachable', nodeId, `${spec.name} cannot be its own jump host.`);
        e.jump = await this.acquire(spec.jumpHost);
        sock = await forward(e.jump, spec);
      }
      const connected = await connectNode(spec, { ...this.opts, sock });
      e.failures = 0;
      e.nextAttemptAt = 0;
      e.connected = connected;
      connected.client.on('error', () => undefined);
      connected.client.on('close', () => {
        if (e.connected === connected) {
          e.connected = undefined;
          e.jump?.release();
          e.jump = undefined;
        }
      });
      return connected;
    } catch (err) {
      e.jump?.release();
      e.jump = undefined;
      if (isTransient(err)) {
        const base = this.opts.backoffMs ?? 250;
        const delay = Math.min(base * 2 ** e.failures, this.opts.backoffMaxMs ?? 8_000);
        e.failures++;
        e.nextAttemptAt = Date.now() + delay;
      }
      throw err;
    } finally {
      e.connecting = undefined;
    }
  }

  /** Whether a live connection to the node is open right now. */
  isConnected(nodeId: string): boolean {
    return this.entries.get(nodeId)?.connected !== undefined;
  }

  /** Closes the node's connection now (after an inventory edit, or to force a fresh login). */
  disconnect(nodeId: string): void {
    const e = this.entries.get(nodeId);
    if (!e) return;
    clearTimeout(e.idle);
    const c = e.connected;
    e.connected = undefined;
    c?.close();
  }

  closeAll(): void {
    this.closed = true;
    for (const [nodeId, e] of this.entries) {
      clearTimeout(e.idle);
      this.drop(nodeId, e);
    }
    this.entries.clear();
  }
}

function forward(jump: Lease, spec: NodeSpec): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    jump.client.forwardOut('127.0.0.1', 0, spec.address, spec.port, (err, stream) => {
      if (err) {
        reject(
          sshError(
            'unreachable',
            spec.id,
            `Jump host ${jump.spec.name} could not reach ${spec.address}:${spec.port}: ${err.message}.`,
          ),
        );
      } else resolve(stream);
    });
  });
}
