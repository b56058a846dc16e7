import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { atomicWrite } from './atomicWrite';
import type { SecretStore } from './secrets';

/**
 * An encrypted vault file for `kubelab serve` and the CLI, where no OS keychain is at hand.
 * The passphrase is stretched with scrypt (N=2^15, r=8, p=1: ~32 MiB, ~100 ms) into an AES-256-GCM
 * key; the whole map of secrets is one authenticated ciphertext, re-encrypted with a fresh IV on
 * every write, so a wrong passphrase or a tampered file fails to open instead of yielding garbage.
 * The plaintext exists only in this process's memory.
 */
interface VaultFile {
  format: 'kubelab-vault';
  version: 1;
  kdf: { name: 'scrypt'; salt: string; N: number; r: number; p: number };
  cipher: 'aes-256-gcm';
  iv: string;
  tag: string;
  data: string;
}

const KDF = { N: 1 << 15, r: 8, p: 1 };

function deriveKey(
  passphrase: string,
  salt: Buffer,
  kdf: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, 32, { ...kdf, maxmem: 128 * kdf.N * kdf.r * 2 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export class VaultError extends Error {}

export class VaultSecretStore implements SecretStore {
  readonly kind = 'vault';
  readonly writable = true;

  private constructor(
    private readonly path: string,
    private readonly key: Buffer,
    private readonly salt: Buffer,
    private readonly kdf: { N: number; r: number; p: number },
    private readonly values: Map<string, string>,
  ) {}

  /** Opens the vault at `path`, creating an empty one if the file does not exist yet. */
  static async open(path: string, passphrase: string): Promise<VaultSecretStore> {
    if (passphrase.length < 8)
      throw new VaultError('The vault passphrase must be at least 8 characters.');
    let raw: string | undefined;
    try {
      raw = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (raw === undefined) {
      const salt = randomBytes(16);
      const vault = new VaultSecretStore(
        path,
        await deriveKey(passphrase, salt, KDF),
        salt,
        KDF,
        new Map(),
      );
      await vault.save();
      return vault;
    }
    let file: VaultFile;
    try {
      file = JSON.parse(raw) as VaultFile;
    } catch {
      throw new VaultError(`${path} is not a kubelab vault (not JSON).`);
    }
    if (file.format !== 'kubelab-vault' || file.version !== 1 || file.kdf?.name !== 'scrypt') {
      throw new VaultError(`${path} is not a kubelab vault this version can read.`);
    }
    const { N, r, p } = file.kdf;
    // Bounds keep a crafted file from making scrypt allocate gigabytes.
    if (!(
      N >= 1 << 14 &&
      N <= 1 << 20 &&
      (N & (N - 1)) === 0 &&
      r >= 1 &&
      r <= 16 &&
      p >= 1 &&
      p <= 4
    )) {
      throw new VaultError(`${path} has scrypt parameters outside the accepted range.`);
    }
    const salt = Buffer.from(file.kdf.salt, 'base64');
    const key = await deriveKey(passphrase, salt, file.kdf);
    let plain: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
      plain = Buffer.concat([
        decipher.update(Buffer.from(file.data, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new VaultError('Wrong vault passphrase, or the vault file was modified.');
    }
    const entries = JSON.parse(plain) as Record<string, string>;
    const kdf = { N: file.kdf.N, r: file.kdf.r, p: file.kdf.p };
    return new VaultSecretStore(path, key, salt, kdf, new Map(Object.entries(entries)));
  }

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    await this.save();
  }

  async delete(key: string): Promise<void> {
    if (this.values.delete(key)) await this.save();
  }

  private async save(): Promise<void> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const plain = Buffer.from(JSON.stringify(Object.fromEntries(this.values)), 'utf8');
    const data = Buffer.concat([cipher.update(plain), cipher.final()]);
    const file: VaultFile = {
      format: 'kubelab-vault',
      version: 1,
      kdf: { name: 'scrypt', salt: this.salt.toString('base64'), ...this.kdf },
      cipher: 'aes-256-gcm',
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    await atomicWrite(this.path, JSON.stringify(file, null, 2) + '\n', 0o600);
  }
}
