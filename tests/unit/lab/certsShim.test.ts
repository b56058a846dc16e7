import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckExpiration } from '../../../common/certs/checkExpiration';
import { checkExpirationTable, formatTables, type TableRow } from '../../lab/node/certs.mjs';

/**
 * The lab kubeadm's `certs check-expiration` tables against published kubeadm output: the same
 * rows, formatted by the shim, give the published lines byte for byte (column widths from
 * tabwriter, `!MISSING!` rows widening the first column, `no` padded to 8). Pages that stripped
 * trailing blanks are compared without them.
 */
const DIR = new URL('../../fixtures/real/check-expiration/', import.meta.url);

function publishedTables(file: string): string[] {
  const lines = readFileSync(new URL(file, DIR), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('CERTIFICATE '));
  const caHeader = lines.findIndex((l) => l.startsWith('CERTIFICATE AUTHORITY '));
  let end = caHeader + 1;
  while (end < lines.length && /^(ca|etcd-ca|front-proxy-ca|!MISSING!) /.test(lines[end] ?? ''))
    end++;
  return lines.slice(start, end);
}

function rowsOf(file: string): TableRow[] {
  const parsed = parseCheckExpiration(readFileSync(new URL(file, DIR), 'utf8'));
  return (parsed?.certificates ?? []).map((c) => ({
    name: c.name,
    authority: c.authority,
    ...(c.expiresAt ? { expires: new Date(c.expiresAt) } : {}),
    signedBy: c.signedBy ?? '',
    external: c.externallyManaged ?? false,
  }));
}

// [fixture, a time at which the published RESIDUAL TIME column reads as printed]
const cases: [string, string][] = [
  ['ga-1.33-super-admin-nectar.txt', '2025-08-23T21:00:00Z'],
  ['alpha-1.20-missing-etcd-99year.txt', '2021-01-01T00:00:00Z'],
  ['ga-invalid-missing-etcd-akash.txt', '2023-02-21T00:00:00Z'],
];

describe('lab kubeadm check-expiration prints kubeadm’s tables', () => {
  it.each(cases)('%s', (file, at) => {
    const published = publishedTables(file);
    const printed = formatTables(rowsOf(file), Date.parse(at));
    const keepsBlanks = published.some((l) => l.endsWith(' '));
    const norm = (ls: string[]): string[] => (keepsBlanks ? ls : ls.map((l) => l.trimEnd()));
    expect(norm(printed)).toEqual(norm(published));
  });
});

describe('lab kubeadm check-expiration over real files', () => {
  let root = '';
  const pki = (): string => join(root, 'pki');
  const openssl = (...a: string[]): void => {
    execFileSync('openssl', a, { stdio: 'ignore' });
  };
  const selfSigned = (name: string, days: number): void =>
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(pki(), `${name}.key`),
      '-out',
      join(pki(), `${name}.crt`),
      '-days',
      String(days),
      '-subj',
      `/CN=${name}`,
    );

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lab-certs-'));
    mkdirSync(pki());
    selfSigned('ca', 3650);
    selfSigned('apiserver', 365);
    selfSigned('front-proxy-ca', 3650);
    const pem = readFileSync(join(pki(), 'apiserver.crt')).toString('base64');
    for (const f of ['admin.conf', 'super-admin.conf'])
      writeFileSync(join(root, f), `users:\n- user:\n    client-certificate-data: ${pem}\n`);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const table = (minor: number, patch = 0): string =>
    checkExpirationTable(
      { full: `v1.${minor}.${patch}`, major: 1, minor, patch },
      { pkiDir: pki(), kubeconfigDir: root },
      Date.now(),
    ).join('\n');

  it('reads the files’ own dates, marks absent ones !MISSING!, fresh ones 364d / 9y', () => {
    const parsed = parseCheckExpiration(table(29));
    const rows = parsed?.certificates ?? [];
    const apiserver = rows.find((r) => r.name === 'apiserver');
    const notAfter = execFileSync(
      'openssl',
      ['x509', '-enddate', '-noout', '-in', join(pki(), 'apiserver.crt')],
      { encoding: 'utf8' },
    );
    expect(new Date(apiserver?.expiresAt ?? 0).getTime()).toBe(
      Math.trunc(Date.parse(notAfter.replace('notAfter=', '')) / 60_000) * 60_000,
    );
    expect(apiserver?.residual).toBe('364d');
    expect(rows.find((r) => r.name === 'ca')?.residual).toBe('9y');
    expect(rows.filter((r) => r.missing).map((r) => r.name)).toEqual([
      'apiserver-etcd-client',
      'apiserver-kubelet-client',
      'controller-manager.conf',
      'etcd-healthcheck-client',
      'etcd-peer',
      'etcd-server',
      'front-proxy-client',
      'scheduler.conf',
      'etcd-ca',
    ]);
    expect(rows.find((r) => r.name === 'super-admin.conf')?.missing).toBe(false);
  });

  it('follows the version: super-admin.conf from 1.29, the kubeconfigs’ CA from 1.20.14 / 1.23', () => {
    expect(table(28)).not.toContain('super-admin.conf');
    const signedBy = (text: string): string | undefined =>
      parseCheckExpiration(text)?.certificates.find((r) => r.name === 'admin.conf')?.signedBy;
    expect(signedBy(table(19, 16))).toBeUndefined();
    expect(signedBy(table(20, 13))).toBeUndefined();
    expect(signedBy(table(20, 14))).toBe('ca');
    expect(signedBy(table(28))).toBe('ca');
  });

  it('a CA without its key is externally managed, and so is what it signs', () => {
    rmSync(join(pki(), 'front-proxy-ca.key'));
    const rows = parseCheckExpiration(table(28))?.certificates ?? [];
    expect(rows.find((r) => r.name === 'front-proxy-ca')?.externallyManaged).toBe(true);
    expect(rows.find((r) => r.name === 'ca')?.externallyManaged).toBe(false);
  });
});
