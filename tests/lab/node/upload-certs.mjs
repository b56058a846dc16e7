// kubeadm's upload-certs / download-certs, as cmd/kubeadm/app/phases/copycerts/copycerts.go does
// them: the shared control-plane certificates and keys, each encrypted with the certificate key
// (AES-256-GCM, the nonce prepended to the sealed data: cmd/kubeadm/app/util/crypto EncryptBytes),
// in the Secret "kubeadm-certs" of kube-system, under the file's name with "/" as "-"
// (certOrKeyNameToSecretName). A joining control plane decrypts them with the same key.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const PKI = '/etc/kubernetes/pki';
/** copycerts.go certsToTransfer for stacked etcd (the etcd CA is shared too). */
export const SHARED_CERT_FILES = ['ca.crt', 'ca.key', 'sa.key', 'sa.pub', 'front-proxy-ca.crt', 'front-proxy-ca.key', 'etcd/ca.crt', 'etcd/ca.key'];
const secretName = (file) => file.replace(/\//g, '-');

function encrypt(data, key) {
  const nonce = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, nonce);
  return Buffer.concat([nonce, c.update(data), c.final(), c.getAuthTag()]);
}

function decrypt(sealed, key) {
  const nonce = sealed.subarray(0, 12);
  const tag = sealed.subarray(sealed.length - 16);
  const d = createDecipheriv('aes-256-gcm', key, nonce);
  d.setAuthTag(tag);
  try {
    return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
  } catch {
    // Go's crypto/cipher wording for a failed GCM open.
    throw new Error('cipher: message authentication failed');
  }
}

/** A valid certificate key is 32 bytes, hex encoded (copycerts.go CreateCertificateKey). */
export function decodeKey(hex) {
  if (!/^[0-9a-fA-F]*$/.test(hex ?? '') || (hex ?? '').length % 2) throw new Error('error decoding certificate key: encoding/hex: invalid byte');
  const key = Buffer.from(hex, 'hex');
  if (key.length !== 32) throw new Error(`error decoding secret data with provided key: crypto/aes: invalid key size ${key.length}`);
  return key;
}

/** The kubeadm-certs Secret for this control plane's shared files. */
export function certsSecret(keyHex, pki = PKI) {
  const key = decodeKey(keyHex);
  const data = {};
  for (const f of SHARED_CERT_FILES) {
    if (existsSync(`${pki}/${f}`)) data[secretName(f)] = encrypt(readFileSync(`${pki}/${f}`), key).toString('base64');
  }
  return { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 'kubeadm-certs', namespace: 'kube-system' }, data };
}

/** Writes the Secret's files into the PKI directory; throws kubeadm's error for a wrong key. */
export function writeDownloadedCerts(secret, keyHex, pki = PKI) {
  const key = decodeKey(keyHex);
  const files = [];
  for (const f of SHARED_CERT_FILES) {
    const v = secret.data?.[secretName(f)];
    if (!v) throw new Error(`couldn't find required certificate or key for ${f}`);
    let plain;
    try {
      plain = decrypt(Buffer.from(v, 'base64'), key);
    } catch (e) {
      throw new Error(`error decoding secret data with provided key: ${e.message}`);
    }
    files.push([f, plain]);
  }
  for (const [f, plain] of files) {
    mkdirSync(dirname(`${pki}/${f}`), { recursive: true });
    writeFileSync(`${pki}/${f}`, plain, { mode: f.endsWith('.key') ? 0o600 : 0o644 });
  }
}
