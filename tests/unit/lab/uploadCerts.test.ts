import { createDecipheriv } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  SHARED_CERT_FILES,
  certsSecret,
  writeDownloadedCerts,
} from '../../lab/node/upload-certs.mjs';

const KEY = '18a7584876002e49e1f42c351582c0a455d061db25376170068731d9aa210f58';
const dirs: string[] = [];
function pkiWithFiles(): string {
  const d = mkdtempSync(join(tmpdir(), 'lab-upload-certs-'));
  dirs.push(d);
  mkdirSync(join(d, 'etcd'));
  for (const f of SHARED_CERT_FILES) writeFileSync(join(d, f), `content of ${f}\n`);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the lab kubeadm’s kubeadm-certs Secret', () => {
  it('holds every shared file under kubeadm’s names, AES-256-GCM sealed with the nonce first', () => {
    const secret = certsSecret(KEY, pkiWithFiles());
    expect(Object.keys(secret.data).sort()).toEqual([
      'ca.crt',
      'ca.key',
      'etcd-ca.crt',
      'etcd-ca.key',
      'front-proxy-ca.crt',
      'front-proxy-ca.key',
      'sa.key',
      'sa.pub',
    ]);
    // Opened independently, as kubeadm's DecryptBytes does: nonce (12) | ciphertext | tag (16).
    const sealed = Buffer.from(secret.data['etcd-ca.key'] ?? '', 'base64');
    const d = createDecipheriv('aes-256-gcm', Buffer.from(KEY, 'hex'), sealed.subarray(0, 12));
    d.setAuthTag(sealed.subarray(sealed.length - 16));
    const plain = Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
    expect(plain.toString()).toBe('content of etcd/ca.key\n');
  });

  it('a joining control plane gets the same files back with the key', () => {
    const secret = certsSecret(KEY, pkiWithFiles());
    const target = mkdtempSync(join(tmpdir(), 'lab-download-certs-'));
    dirs.push(target);
    writeDownloadedCerts(secret, KEY, target);
    for (const f of SHARED_CERT_FILES) {
      expect(readFileSync(join(target, f), 'utf8')).toBe(`content of ${f}\n`);
    }
  });

  it('refuses another key with kubeadm’s words and writes nothing', () => {
    const secret = certsSecret(KEY, pkiWithFiles());
    const target = mkdtempSync(join(tmpdir(), 'lab-download-certs-'));
    dirs.push(target);
    const other = 'f'.repeat(64);
    expect(() => writeDownloadedCerts(secret, other, target)).toThrow(
      'error decoding secret data with provided key: cipher: message authentication failed',
    );
    expect(() => readFileSync(join(target, 'ca.key'))).toThrow();
  });
});
