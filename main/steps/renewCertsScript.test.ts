import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_NEEDED_EXIT } from '../engine/step';
import { FRESH_DAYS } from './renew-certs';
import { composeScript } from './scriptStep';

/**
 * renew-certs.sh's check, run by bash over real certificates (openssl): it says "needed" while a
 * chosen certificate's notAfter is less than FRESH_DAYS away — a file or a kubeconfig's embedded
 * one — and "done" once it is a year ahead; a file that is not there is skipped, as kubeadm
 * skips it. Nothing under /etc is touched: the files come through CERT_FILES.
 */
const script = composeScript(
  readFileSync(join(import.meta.dirname, 'scripts', 'renew-certs.sh'), 'utf8'),
);
let dir = '';

function cert(name: string, days: number): string {
  const crt = join(dir, `${name}.crt`);
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, `${name}.key`), '-out', crt, '-days', String(days), '-subj', `/CN=${name}`]); // prettier-ignore
  if (r.status !== 0) throw new Error(String(r.stderr));
  return crt;
}

function check(lines: string[]): { code: number | null; stderr: string } {
  const r = spawnSync('bash', ['-c', script], {
    env: {
      PATH: process.env.PATH,
      KL_MODE: 'check',
      KL_STEP: 'renew-certs',
      RENEW_GROUP: 'certs',
      RENEW_ARGS: 'all',
      CERT_FILES: lines.join('\n'),
      FRESH_DAYS: String(FRESH_DAYS),
    },
    encoding: 'utf8',
  });
  return { code: r.status, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kl-renew-check-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('renew-certs check', { timeout: 60_000 }, () => {
  it('needed while a certificate expires within FRESH_DAYS, naming it', () => {
    const old = cert('apiserver', 30);
    const fresh = cert('front-proxy-client', 365);
    const r = check([`front-proxy-client file ${fresh}`, `apiserver file ${old}`]);
    expect(r.code).toBe(CHECK_NEEDED_EXIT);
    expect(r.stderr).toMatch(/needed: certificate apiserver expires \d{4}-\d\d-\d\dT/);
  });

  it('done when every certificate is a year ahead; a missing one is skipped', () => {
    const fresh = cert('etcd-server', 365);
    const r = check([`etcd-server file ${fresh}`, `etcd-peer file ${join(dir, 'absent.crt')}`]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('reads a kubeconfig’s embedded client certificate', () => {
    const conf = (name: string, days: number): string => {
      const pem = readFileSync(cert(name, days)).toString('base64');
      const path = join(dir, `${name}.conf`);
      writeFileSync(path, `users:\n- name: x\n  user:\n    client-certificate-data: ${pem}\n`);
      return path;
    };
    expect(check([`admin.conf kubeconfig ${conf('admin', 10)}`]).code).toBe(CHECK_NEEDED_EXIT);
    expect(check([`admin.conf kubeconfig ${conf('admin2', 365)}`]).code).toBe(0);
  });
});
