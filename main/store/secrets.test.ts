import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chainSecretStores, MemorySecretStore, nodeSecretKey } from './secrets';
import { EnvSecretStore } from './secretsEnv';
import { VaultSecretStore } from './secretsVault';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = (): string => {
  const d = mkdtempSync('/tmp/kubelab-vault-');
  dirs.push(d);
  return d;
};

describe('vault secret store', () => {
  it('keeps secrets encrypted on disk and reopens only with the right passphrase', async () => {
    const path = join(tmp(), 'vault.json');
    const canary = `canary-${Math.random().toString(36).slice(2)}`;
    // A node id long enough that random base64 ciphertext cannot contain it by chance.
    const nodeId = 'vault-canary-node-id';
    const v = await VaultSecretStore.open(path, 'a long passphrase');
    await v.set(nodeSecretKey(nodeId, 'password'), canary);
    const raw = readFileSync(path, 'utf8');
    expect(raw).not.toContain(canary);
    expect(raw).not.toContain(nodeId);
    expect(JSON.parse(raw)).toMatchObject({
      format: 'kubelab-vault',
      cipher: 'aes-256-gcm',
      kdf: { name: 'scrypt' },
    });
    const again = await VaultSecretStore.open(path, 'a long passphrase');
    expect(await again.get(nodeSecretKey(nodeId, 'password'))).toBe(canary);
    await expect(VaultSecretStore.open(path, 'the wrong passphrase')).rejects.toThrow(
      /Wrong vault passphrase/,
    );
    // Flip one ciphertext byte: authentication fails instead of returning garbage.
    const file = JSON.parse(raw) as { data: string };
    const bytes = Buffer.from(file.data, 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    writeFileSync(path, JSON.stringify({ ...file, data: bytes.toString('base64') }));
    await expect(VaultSecretStore.open(path, 'a long passphrase')).rejects.toThrow(/modified/);
  });

  it('refuses short passphrases and absurd scrypt parameters', async () => {
    const path = join(tmp(), 'v.json');
    await expect(VaultSecretStore.open(path, 'short')).rejects.toThrow(/at least 8/);
    await VaultSecretStore.open(path, 'long enough pass');
    const file = JSON.parse(readFileSync(path, 'utf8')) as { kdf: { N: number } };
    file.kdf.N = 2 ** 30;
    writeFileSync(path, JSON.stringify(file));
    await expect(VaultSecretStore.open(path, 'long enough pass')).rejects.toThrow(
      /outside the accepted range/,
    );
  });
});

describe('environment and chained secret stores', () => {
  it('reads KUBELAB_PASSWORD_<NODEID> before KUBELAB_PASSWORD, read-only', async () => {
    const env = new EnvSecretStore({
      KUBELAB_PASSWORD_NODE_1: 'one',
      KUBELAB_PASSWORD: 'all',
      KUBELAB_PASSPHRASE_M1: 'pp',
    });
    expect(await env.get(nodeSecretKey('node-1', 'password'))).toBe('one');
    expect(await env.get(nodeSecretKey('node-2', 'password'))).toBe('all');
    expect(await env.get(nodeSecretKey('m1', 'passphrase'))).toBe('pp');
    expect(await env.get(nodeSecretKey('m2', 'passphrase'))).toBeUndefined();
    await expect(env.set('x', 'y')).rejects.toThrow(/read-only/);
    const mem = new MemorySecretStore();
    const chain = chainSecretStores([env, mem]);
    await chain.set(nodeSecretKey('node-3', 'passphrase'), 'p3');
    expect(await mem.get(nodeSecretKey('node-3', 'passphrase'))).toBe('p3');
    expect(await chain.get(nodeSecretKey('node-1', 'password'))).toBe('one');
  });
});
