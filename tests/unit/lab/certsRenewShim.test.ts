import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  configLines,
  renewCertificate,
  renewHandlers,
  renewLines,
  type KubeVersion,
  type RenewHandler,
} from '../../lab/node/certs.mjs';

/**
 * The lab kubeadm's `certs renew` against published `kubeadm certs renew` output
 * (tests/fixtures/real/certs-renew/) and over real X.509 files: what it prints, line for line, and
 * that a renewed certificate keeps its key and subject while its notAfter moves a year ahead.
 */
const DIR = new URL('../../fixtures/real/certs-renew/', import.meta.url);
const v = (minor: number): KubeVersion => ({ full: `v1.${minor}.0`, major: 1, minor, patch: 0 });

/** kubeadm `minor`'s renewal handler by name (a stacked etcd). */
function handlerOf(minor: number, name: string, localEtcd = true): RenewHandler {
  const h = renewHandlers(v(minor), { localEtcd }).find((x) => x.name === name);
  if (!h) throw new Error(`no handler ${name} in 1.${minor}`);
  return h;
}

/** The published lines from the first `[renew]` line on (the prompt and any stderr line dropped). */
function published(file: string): string[] {
  const lines = readFileSync(new URL(file, DIR), 'utf8').trimEnd().split('\n');
  return lines.slice(lines.findIndex((l) => l.startsWith('[renew]')));
}

const allRenewed = (minor: number): string[] =>
  renewLines(
    v(minor),
    renewHandlers(v(minor), { localEtcd: true }).map((handler) => ({
      handler,
      outcome: 'renewed' as const,
    })),
    { all: true },
  );

describe('lab kubeadm certs renew prints what kubeadm prints', () => {
  it('renew all on 1.20, as published (the alpha form, deprecation on stderr)', () => {
    expect(allRenewed(20)).toEqual(published('alpha-1.20-all.txt'));
  });

  it('renew all before 1.29: the same handlers, in the same order, as a published GA run', () => {
    const pub = published('ga-1.2x-fallback.txt');
    // That run could not read the cluster's configuration: kubeadm's extra fallback line.
    expect(allRenewed(25)).toEqual(pub.filter((l) => !l.includes('Falling back')));
  });

  it('from 1.29 super-admin.conf is renewed last, as published', () => {
    const body = (ls: string[]): string[] => ls.filter((l) => !l.startsWith('[renew]'));
    expect(body(allRenewed(29))).toEqual(body(published('ga-super-admin.txt')));
    expect(allRenewed(28).join('\n')).not.toContain('super-admin');
  });

  it('one certificate: its line, no restart reminder', () => {
    const handler = handlerOf(25, 'apiserver-etcd-client');
    const lines = renewLines(v(25), [{ handler, outcome: 'renewed' }], { all: false });
    const pub = readFileSync(new URL('single-apiserver-etcd-client-cray-2963.txt', DIR), 'utf8');
    // Published through ssh, each line prefixed with the host's name.
    const publishedLine = pub
      .trim()
      .split('\n')[1]
      ?.replace(/^ncn-m003: /, '');
    expect(lines.at(-1)).toBe(publishedLine);
    expect(lines.join('\n')).not.toContain('Done renewing');
  });

  it('external etcd: no etcd handlers; a missing file and an external CA say so', () => {
    const names = renewHandlers(v(25), { localEtcd: false }).map((h) => h.name);
    expect(names).not.toContain('etcd-server');
    expect(names).not.toContain('apiserver-etcd-client');
    const admin = handlerOf(25, 'admin.conf', false);
    const apiserver = handlerOf(25, 'apiserver', false);
    const lines = renewLines(
      v(25),
      [
        { handler: admin, outcome: 'missing' },
        { handler: apiserver, outcome: 'external' },
      ],
      { all: false },
    );
    expect(lines.slice(-2)).toEqual([
      'MISSING! certificate embedded in the kubeconfig file for the admin to use and for kubeadm itself',
      "Detected external ca, certificate for serving the Kubernetes API can't be renewed",
    ]);
  });
});

describe("the certs commands' configuration read", () => {
  // Published `kubeadm certs check-expiration` with the API server down, before its table
  // (kubernetes/kubernetes#102563, 1.21; the same with `-oyaml` in kubernetes/kubeadm#2527).
  const PUBLISHED_FALLBACK = [
    '[check-expiration] Reading configuration from the cluster...',
    "[check-expiration] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'",
    '[check-expiration] Error reading configuration from the Cluster. Falling back to default configuration',
    '',
  ];

  it('an API server that does not serve the configuration: the fallback line, as published', () => {
    expect(configLines('check-expiration', 'fallback')).toEqual(PUBLISHED_FALLBACK);
    expect(configLines('check-expiration', 'read')).toEqual([
      ...PUBLISHED_FALLBACK.slice(0, 2),
      '',
    ]);
  });

  it('renew falls back the same way, with its own prefix; without admin.conf nothing', () => {
    const handler = handlerOf(25, 'apiserver');
    const lines = renewLines(v(25), [{ handler, outcome: 'renewed' }], {
      all: false,
      config: 'fallback',
    });
    expect(lines[2]).toBe(
      '[renew] Error reading configuration from the Cluster. Falling back to default configuration',
    );
    expect(configLines('renew', 'no-client')).toEqual([]);
  });
});

describe('lab kubeadm certs renew over real files', () => {
  let root = '';
  const pki = (f: string): string => join(root, 'pki', f);
  const openssl = (...a: string[]): string => execFileSync('openssl', a, { encoding: 'utf8' });
  const dirs = (): { pkiDir: string; kubeconfigDir: string } => ({
    pkiDir: join(root, 'pki'),
    kubeconfigDir: root,
  });
  const handler = (name: string): RenewHandler => handlerOf(29, name);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lab-renew-'));
    mkdirSync(join(root, 'pki'));
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', pki('ca.key'), '-out', pki('ca.crt'), '-days', '3650', '-subj', '/CN=kubernetes', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign'); // prettier-ignore
    openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', pki('apiserver.key'), '-out', pki('apiserver.csr'), '-subj', '/CN=kube-apiserver'); // prettier-ignore
    writeFileSync(pki('ext.cnf'), 'subjectAltName=DNS:kubernetes,IP:10.96.0.1\n');
    openssl('x509', '-req', '-in', pki('apiserver.csr'), '-CA', pki('ca.crt'), '-CAkey', pki('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', pki('ext.cnf'), '-out', pki('apiserver.crt')); // prettier-ignore
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('re-signs a certificate: same key, subject and SANs, notAfter a year from now', () => {
    const before = new X509Certificate(readFileSync(pki('apiserver.crt')));
    const now = Date.now();
    expect(renewCertificate(handler('apiserver'), dirs(), now)).toBe('renewed');
    const after = new X509Certificate(readFileSync(pki('apiserver.crt')));
    expect(after.subject).toBe(before.subject);
    expect(after.subjectAltName).toBe(before.subjectAltName);
    expect(after.publicKey.export({ format: 'pem', type: 'spki' })).toBe(
      before.publicKey.export({ format: 'pem', type: 'spki' }),
    );
    const days = (Date.parse(after.validTo) - now) / 86_400_000;
    expect(days).toBeGreaterThan(364);
    expect(days).toBeLessThanOrEqual(365);
    expect(after.checkIssued(new X509Certificate(readFileSync(pki('ca.crt'))))).toBe(true);
  });

  it('re-signs a kubeconfig’s embedded client certificate and keeps its key', () => {
    const crt = readFileSync(pki('apiserver.crt')).toString('base64');
    const key = readFileSync(pki('apiserver.key')).toString('base64');
    const conf = `users:\n- name: x\n  user:\n    client-certificate-data: ${crt}\n    client-key-data: ${key}\n`;
    writeFileSync(join(root, 'admin.conf'), conf);
    expect(renewCertificate(handler('admin.conf'), dirs(), Date.now())).toBe('renewed');
    const text = readFileSync(join(root, 'admin.conf'), 'utf8');
    expect(text).toContain(`client-key-data: ${key}`);
    const pem = /client-certificate-data: (\S+)/.exec(text)?.[1] ?? '';
    const renewed = new X509Certificate(Buffer.from(pem, 'base64'));
    expect(Date.parse(renewed.validTo) - Date.now()).toBeGreaterThan(364 * 86_400_000);
  });

  it('a missing file is missing; a CA without its key is external and nothing is written', () => {
    expect(renewCertificate(handler('front-proxy-client'), dirs(), Date.now())).toBe('missing');
    expect(renewCertificate(handler('super-admin.conf'), dirs(), Date.now())).toBe('missing');
    const before = readFileSync(pki('apiserver.crt'), 'utf8');
    rmSync(pki('ca.key'));
    expect(renewCertificate(handler('apiserver'), dirs(), Date.now())).toBe('external');
    expect(readFileSync(pki('apiserver.crt'), 'utf8')).toBe(before);
  });
});
