import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedKeyMessage, compareHostKey, fingerprintOf, hostKeyOf, keyTypeOf } from './hostKey';

describe('host key fingerprints', () => {
  it('match what ssh-keygen prints for ed25519, ecdsa and rsa keys', () => {
    const dir = mkdtempSync('/tmp/kubelab-hk-');
    try {
      for (const [type, algo] of [
        ['ed25519', 'ssh-ed25519'],
        ['ecdsa', 'ecdsa-sha2-nistp256'],
        ['rsa', 'ssh-rsa'],
      ] as const) {
        const path = join(dir, type);
        execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', path]);
        const blob = Buffer.from(readFileSync(`${path}.pub`, 'utf8').split(' ')[1] ?? '', 'base64');
        const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${path}.pub`], {
          encoding: 'utf8',
        });
        expect(printed).toContain(fingerprintOf(blob));
        expect(fingerprintOf(blob)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
        expect(keyTypeOf(blob)).toBe(algo);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // RSA key generation takes seconds on a loaded 2-core machine; the default 5 s was too tight.
  }, 60_000);

  it('compares pins and words a change like OpenSSH', () => {
    const a = hostKeyOf(Buffer.from('\0\0\0\x0bssh-ed25519AAAA'));
    const b = hostKeyOf(Buffer.from('\0\0\0\x0bssh-ed25519BBBB'));
    expect(compareHostKey(undefined, a)).toBe('unknown');
    expect(compareHostKey(a, a)).toBe('match');
    expect(compareHostKey(a, b)).toBe('changed');
    const msg = changedKeyMessage('10.0.0.1', 2222, a, b);
    expect(msg).toContain('WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!');
    expect(msg).toContain(
      `The fingerprint for the ED25519 key sent by the remote host is\n${b.fingerprint}.`,
    );
    expect(msg).toContain(
      'Host key for [10.0.0.1]:2222 has changed and you have requested strict checking.',
    );
    expect(msg.endsWith('Host key verification failed.')).toBe(true);
  });
});
