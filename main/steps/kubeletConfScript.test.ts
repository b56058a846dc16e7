import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBELET_CERT_WARN_DAYS } from '../../common/certs/kubeletConf';
import { CHECK_NEEDED_EXIT } from '../engine/step';
import { composeScript } from './scriptStep';

/**
 * kubelet-conf-inspect.sh's rule (kubelet-conf's check), run by bash over real certificates (openssl) in a scratch folder:
 * needed when kubelet.conf's client certificate expired or ends within WARN_DAYS, or when rotation
 * is on and kubelet.conf embeds the certificate instead of pointing at kubelet-client-current.pem;
 * done for a rotated, fresh one. The inspection names the Node from the certificate's CN.
 */
const read = (f: string): string => readFileSync(join(import.meta.dirname, 'scripts', f), 'utf8');
/** As the kubelet-conf step runs it: the inspection's functions, then its own. */
const script = composeScript(`${read('kubelet-conf-inspect.sh')}\n${read('kubelet-conf.sh')}`);
const AGE = join(import.meta.dirname, '..', '..', 'tests', 'lab', 'lib', 'age-cert.sh');
let dir = '';
let pki = '';

function openssl(...args: string[]): void {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

/** A client certificate for system:node:node1 signed by a scratch CA, `days` long. */
function nodeCert(days: number, aged = false): { cert: string; key: string } {
  const key = join(dir, `n${days}.key`);
  const crt = join(dir, `n${days}.crt`);
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-subj', '/CN=system:node:node1/O=system:nodes', '-out', join(dir, 'n.csr')); // prettier-ignore
  openssl('x509', '-req', '-in', join(dir, 'n.csr'), '-CA', join(dir, 'ca.crt'), '-CAkey', join(dir, 'ca.key'), '-CAcreateserial', '-days', String(days), '-out', crt); // prettier-ignore
  if (aged) {
    const r = spawnSync('bash', [AGE, crt, key, join(dir, 'ca.crt'), join(dir, 'ca.key')]);
    if (r.status !== 0) throw new Error(String(r.stderr));
  }
  return { cert: readFileSync(crt, 'utf8'), key: readFileSync(key, 'utf8') };
}

/** kubelet.conf pointing at kubelet-client-current.pem (holding `pair`), or embedding it. */
function setUp(pair: { cert: string; key: string }, embed: boolean, rotation?: boolean): void {
  rmSync(pki, { recursive: true, force: true });
  mkdirSync(pki);
  const pem = join(pki, 'kubelet-client-2026-01-01-00-00-00.pem');
  writeFileSync(pem, pair.cert + pair.key);
  symlinkSync(pem, join(pki, 'kubelet-client-current.pem'));
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  const current = join(pki, 'kubelet-client-current.pem');
  const user = embed
    ? `    client-certificate-data: ${b64(pair.cert)}\n    client-key-data: ${b64(pair.key)}\n`
    : `    client-certificate: ${current}\n    client-key: ${current}\n`;
  writeFileSync(
    join(dir, 'kubelet.conf'),
    `apiVersion: v1\nclusters:\n- cluster:\n    server: https://10.0.0.1:6443\n  name: default-cluster\nkind: Config\nusers:\n- name: default-auth\n  user:\n${user}`,
  );
  const cfg = rotation === undefined ? '' : `rotateCertificates: ${rotation}\n`;
  writeFileSync(join(dir, 'config.yaml'), `kind: KubeletConfiguration\n${cfg}`);
}

function run(mode: 'check' | 'inspect'): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-c', script], {
    env: {
      PATH: process.env.PATH,
      KL_MODE: mode,
      KL_STEP: 'kubelet-conf',
      WARN_DAYS: String(KUBELET_CERT_WARN_DAYS),
      KUBELET_CONF_PATH: join(dir, 'kubelet.conf'),
      KUBELET_PKI_DIR: pki,
      KUBELET_CONFIG: join(dir, 'config.yaml'),
    },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kl-kubelet-conf-'));
  pki = join(dir, 'pki');
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.crt'), '-days', '3650', '-subj', '/CN=kubernetes'); // prettier-ignore
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kubelet-conf check and inspection', { timeout: 60_000 }, () => {
  it('done for a fresh certificate kubelet.conf reads from kubelet-client-current.pem', () => {
    setUp(nodeCert(365), false);
    expect(run('check').code).toBe(0);
    const out = run('inspect').stdout;
    expect(out).toContain('KL_OUT needed=no');
    expect(out).toContain('KL_OUT nodeName=node1');
  });

  it('needed for a rotated certificate that expired a month ago, saying when', () => {
    setUp(nodeCert(365, true), false);
    const r = run('check');
    expect(r.code).toBe(CHECK_NEEDED_EXIT);
    expect(r.stderr).toMatch(/needed: the kubelet client certificate expired \d{4}-\d\d-\d\dT/);
    expect(run('inspect').stdout).toContain('KL_OUT needed=yes');
  });

  it('needed when the certificate ends within the warning days: rotation failed', () => {
    setUp(nodeCert(KUBELET_CERT_WARN_DAYS - 2), false);
    expect(run('check').stderr).toMatch(/expires .* and was not rotated/);
  });

  it('needed when rotation is on but kubelet.conf embeds the certificate; fine when it is off', () => {
    setUp(nodeCert(365), true);
    expect(run('check').stderr).toContain('embeds its client certificate');
    setUp(nodeCert(365), true, false);
    expect(run('check').code).toBe(0);
    setUp(nodeCert(365), true, true);
    expect(run('check').code).toBe(CHECK_NEEDED_EXIT);
  });
});
