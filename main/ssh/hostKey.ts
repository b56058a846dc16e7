import { createHash } from 'node:crypto';
import type { HostKey } from '../../common/model/node';

/**
 * Host-key checking in OpenSSH's terms. The fingerprint is what `ssh-keygen -lf` and `ssh` print:
 * `SHA256:` + base64 of the SHA-256 of the key blob, without `=` padding.
 */
export function fingerprintOf(keyBlob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '');
}

/** The key type named inside the blob (its first SSH string), e.g. `ssh-ed25519`. */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const len = keyBlob.readUInt32BE(0);
  if (len <= 0 || len > 64 || 4 + len > keyBlob.length) return 'unknown';
  return keyBlob.subarray(4, 4 + len).toString('ascii');
}

export function hostKeyOf(keyBlob: Buffer): HostKey {
  return { algorithm: keyTypeOf(keyBlob), fingerprint: fingerprintOf(keyBlob) };
}

/** OpenSSH's short name for a key type, as in "ED25519 key fingerprint is …". */
export function keyLabel(algorithm: string): string {
  if (algorithm === 'ssh-ed25519') return 'ED25519';
  if (algorithm === 'ssh-rsa') return 'RSA';
  if (algorithm.startsWith('ecdsa-')) return 'ECDSA';
  if (algorithm === 'ssh-dss') return 'DSA';
  return algorithm.toUpperCase();
}

/**
 * Server host-key algorithms to prefer for a pinned key, so the server presents the same key
 * type it did when it was pinned (as OpenSSH orders HostKeyAlgorithms by known_hosts).
 */
export function preferredHostKeyAlgorithms(pinned: HostKey | undefined): string[] {
  if (!pinned) return [];
  if (pinned.algorithm === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256'];
  return [pinned.algorithm];
}

export type HostKeyVerdict = 'match' | 'unknown' | 'changed';

export function compareHostKey(pinned: HostKey | undefined, seen: HostKey): HostKeyVerdict {
  if (!pinned) return 'unknown';
  return pinned.fingerprint === seen.fingerprint ? 'match' : 'changed';
}

function hostLabel(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The message OpenSSH prints when a known host presents a different key, adapted to kubelab. */
export function changedKeyMessage(
  host: string,
  port: number,
  pinned: HostKey,
  seen: HostKey,
): string {
  return [
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!',
    'Someone could be eavesdropping on you right now (man-in-the-middle attack)!',
    'It is also possible that a host key has just been changed.',
    `The fingerprint for the ${keyLabel(seen.algorithm)} key sent by the remote host is`,
    `${seen.fingerprint}.`,
    'Please contact your system administrator.',
    `The pinned ${keyLabel(pinned.algorithm)} key for ${hostLabel(host, port)} is ${pinned.fingerprint}.`,
    `Host key for ${hostLabel(host, port)} has changed and you have requested strict checking.`,
    'Host key verification failed.',
  ].join('\n');
}

/** The message OpenSSH prints for an unknown host when it cannot (or may not) ask. */
export function unknownKeyMessage(host: string, port: number, seen: HostKey): string {
  return [
    `The authenticity of host '${hostLabel(host, port)}' can't be established.`,
    `${keyLabel(seen.algorithm)} key fingerprint is ${seen.fingerprint}.`,
    'Host key verification failed.',
  ].join('\n');
}
