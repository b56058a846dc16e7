import { safeStorage } from 'electron';
import { readFile } from 'node:fs/promises';
import { atomicWrite } from '../store/atomicWrite';
import type { SecretStore } from '../store/secrets';

/** The part of Electron's safeStorage this store uses (injectable for tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

export class KeychainUnavailableError extends Error {}

/**
 * Desktop secrets: each value is encrypted by the OS keychain through Electron's safeStorage and
 * only the ciphertext is written (base64, in a JSON file in userData). On Linux, safeStorage falls
 * back to `basic_text` when no secret service (GNOME Keyring, KWallet) is running — a hard-coded
 * key that protects nothing — so this store refuses to work there and says why.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'keychain';
  readonly writable = true;

  constructor(
    private readonly path: string,
    private readonly storage: SafeStorageLike = safeStorage,
  ) {}

  /** Why secrets cannot be kept here, or undefined when they can. */
  unavailableReason(): string | undefined {
    if (!this.storage.isEncryptionAvailable()) {
      return 'The OS keychain is not available, so kubelab cannot store passwords safely.';
    }
    const backend = this.storage.getSelectedStorageBackend?.();
    if (backend === 'basic_text' || backend === 'unknown') {
      return (
        'No secret service (GNOME Keyring or KWallet) is running, so Electron would only obfuscate ' +
        `passwords with a fixed key (backend "${backend}"). kubelab will not store them that way: ` +
        'start a keyring, use ssh-agent or key files, or set KUBELAB_PASSWORD_<NODE> for this session.'
      );
    }
    return undefined;
  }

  private check(): void {
    const reason = this.unavailableReason();
    if (reason) throw new KeychainUnavailableError(reason);
  }

  private async readAll(): Promise<Record<string, string>> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as Record<string, string>;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
  }

  async get(key: string): Promise<string | undefined> {
    const all = await this.readAll();
    const blob = all[key];
    if (blob === undefined) return undefined;
    this.check();
    return this.storage.decryptString(Buffer.from(blob, 'base64'));
  }

  async set(key: string, value: string): Promise<void> {
    this.check();
    const all = await this.readAll();
    all[key] = this.storage.encryptString(value).toString('base64');
    await atomicWrite(this.path, JSON.stringify(all, null, 2) + '\n', 0o600);
  }

  async delete(key: string): Promise<void> {
    const all = await this.readAll();
    if (!(key in all)) return;
    const rest = Object.fromEntries(Object.entries(all).filter(([k]) => k !== key));
    await atomicWrite(this.path, JSON.stringify(rest, null, 2) + '\n', 0o600);
  }
}
