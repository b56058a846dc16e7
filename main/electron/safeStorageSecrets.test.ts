import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * A stand-in for Electron's safeStorage (the real one needs the Electron binary and a keyring):
 * like Chromium's OSCrypt it returns an opaque, prefixed, authenticated ciphertext (here "v11" +
 * AES-GCM), decryptString throws on anything it did not produce, and on Linux
 * getSelectedStorageBackend names the keyring backend ('gnome_libsecret', 'kwallet', 'basic_text').
 */
const state = { backend: 'gnome_libsecret', available: true };
const key = randomBytes(32);
const fake = {
  isEncryptionAvailable: (): boolean => state.available,
  getSelectedStorageBackend: (): string => state.backend,
  encryptString(plain: string): Buffer {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([Buffer.from('v11'), iv, c.getAuthTag(), body]);
  },
  decryptString(buf: Buffer): string {
    if (buf.subarray(0, 3).toString() !== 'v11')
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
      );
    const d = createDecipheriv('aes-256-gcm', key, buf.subarray(3, 15));
    d.setAuthTag(buf.subarray(15, 31));
    return Buffer.concat([d.update(buf.subarray(31)), d.final()]).toString('utf8');
  },
};
vi.mock('electron', () => ({ safeStorage: fake }));

const { SafeStorageSecretStore, KeychainUnavailableError } = await import('./safeStorageSecrets');

const dirs: string[] = [];
afterEach(() => {
  state.backend = 'gnome_libsecret';
  state.available = true;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SafeStorageSecretStore', () => {
  it('writes only ciphertext and reads it back', async () => {
    const dir = mkdtempSync('/tmp/kubelab-keychain-');
    dirs.push(dir);
    const store = new SafeStorageSecretStore(join(dir, 'secrets.json'));
    await store.set('node/m1/password', 'canary-keychain-3f9a');
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain('canary-keychain-3f9a');
    expect(await store.get('node/m1/password')).toBe('canary-keychain-3f9a');
    await store.delete('node/m1/password');
    expect(await store.get('node/m1/password')).toBeUndefined();
  });

  it('refuses the basic_text backend and explains why', async () => {
    const dir = mkdtempSync('/tmp/kubelab-keychain-');
    dirs.push(dir);
    const store = new SafeStorageSecretStore(join(dir, 'secrets.json'));
    state.backend = 'basic_text';
    expect(store.unavailableReason()).toMatch(/fixed key .*basic_text/);
    await expect(store.set('node/m1/password', 'x')).rejects.toBeInstanceOf(
      KeychainUnavailableError,
    );
    state.backend = 'kwallet5';
    state.available = false;
    await expect(store.set('node/m1/password', 'x')).rejects.toThrow(/keychain is not available/);
  });
});
