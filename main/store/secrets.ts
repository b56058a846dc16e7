/**
 * Where passwords and key passphrases live. Never in the project file, never in logs: a face
 * picks one or more SecretStores (the OS keychain on the desktop, the encrypted vault and
 * environment variables for serve and the CLI) and the SSH layer reads through this interface.
 */
export interface SecretStore {
  /** Short name for messages ("vault", "environment", "keychain"). */
  readonly kind: string;
  /** False for read-only sources such as environment variables. */
  readonly writable: boolean;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export type NodeSecretKind = 'password' | 'passphrase';

/** The key a node's secret is stored under: `node/<id>/password`. */
export function nodeSecretKey(nodeId: string, kind: NodeSecretKind): string {
  return `node/${nodeId}/${kind}`;
}

/** Reads from the first store that has the key; writes and deletes go to the writable ones. */
export function chainSecretStores(stores: SecretStore[]): SecretStore {
  const writable = stores.filter((s) => s.writable);
  return {
    kind: stores.map((s) => s.kind).join('+'),
    writable: writable.length > 0,
    async get(key) {
      for (const store of stores) {
        const value = await store.get(key);
        if (value !== undefined) return value;
      }
      return undefined;
    },
    async set(key, value) {
      const target = writable[0];
      if (!target) throw new Error('No writable secret store is configured.');
      await target.set(key, value);
    },
    async delete(key) {
      for (const store of writable) await store.delete(key);
    },
  };
}

/** A store kept only in memory: for tests and for a session that must not persist anything. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory';
  readonly writable = true;
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}
