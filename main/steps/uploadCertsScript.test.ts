import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECK_NEEDED_EXIT } from '../engine/step';
import { certsMinSeconds } from './upload-certs';
import { composeScript } from './scriptStep';

/**
 * upload-certs.sh run by bash with stand-ins for kubectl and kubeadm on PATH (real date and
 * base64): the stand-in kubectl answers for the kubeadm-certs Secret and its owner token from a
 * file holding the token's expiration (no file: the Secret is gone, as after the token cleaner
 * and the garbage collector); the stand-in kubeadm prints `init phase upload-certs` output as
 * kubeadm does and writes a fresh expiration. The state directory is moved into a temp dir.
 */
const INIT_KEY = 'a'.repeat(64);
const NEW_KEY = '0123456789abcdef'.repeat(4);
let dir = '';
let stateDir = '';
let expirationFile = '';

const script = (): string =>
  composeScript(
    readFileSync(join(import.meta.dirname, 'scripts', 'upload-certs.sh'), 'utf8'),
  ).replace('KL_STATE_DIR=/etc/kubernetes/kubelab', `KL_STATE_DIR=${stateDir}`);

function stub(name: string, body: string): void {
  const file = join(dir, 'bin', name);
  writeFileSync(file, `#!/bin/bash\n${body}\n`);
  chmodSync(file, 0o755);
}

const rfc3339 = (msFromNow: number): string =>
  new Date(Date.now() + msFromNow).toISOString().replace(/\.\d+Z$/, 'Z');

function run(mode: 'check' | 'apply' | 'key'): {
  code: number | null;
  stdout: string;
  stderr: string;
} {
  const r = spawnSync('bash', ['-c', script()], {
    env: {
      PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`,
      KL_MODE: mode,
      KL_STEP: 'upload-certs',
      CERTS_MIN_SECONDS: String(certsMinSeconds(2)),
      EXPIRATION_FILE: expirationFile,
    },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kl-upload-certs-'));
  stateDir = join(dir, 'state');
  expirationFile = join(dir, 'expiration');
  mkdirSync(join(dir, 'bin'));
  mkdirSync(stateDir);
  writeFileSync(join(stateDir, 'kubeadm-config.yaml'), `certificateKey: "${INIT_KEY}"\n`);
  stub(
    'kubectl',
    [
      '[[ -f $EXPIRATION_FILE ]] || { echo \'Error from server (NotFound): secrets "kubeadm-certs" not found\' >&2; exit 1; }',
      'case "$*" in',
      '  *ownerReferences*) printf bootstrap-token-abcdef ;;',
      '  *expiration*) base64 -w0 <"$EXPIRATION_FILE" ;;',
      'esac',
    ].join('\n'),
  );
  stub(
    'kubeadm',
    [
      '[[ "$*" == "init phase upload-certs --upload-certs" ]] || exit 2',
      `printf %s "${rfc3339(2 * 3600_000)}" >"$EXPIRATION_FILE"`,
      'echo \'[upload-certs] Storing the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace\'',
      "echo '[upload-certs] Using certificate key:'",
      `echo ${NEW_KEY}`,
    ].join('\n'),
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('upload-certs.sh', { timeout: 30_000 }, () => {
  it('is done while the Secret outlives the joins to come, with the key kubeadm init used', () => {
    writeFileSync(expirationFile, rfc3339(110 * 60_000));
    expect(run('check').code).toBe(0);
    expect(run('key').stdout.trim()).toBe(`KL_OUT certificateKey=${INIT_KEY}`);
  });

  it('is needed when the Secret expires before the joins could finish', () => {
    writeFileSync(expirationFile, rfc3339(10 * 60_000));
    const r = run('check');
    expect(r.code).toBe(CHECK_NEEDED_EXIT);
    expect(r.stderr).toMatch(/kubeadm-certs Secret expires in \d+ s/);
  });

  it('is needed when the Secret is gone (more than 2 h after the upload)', () => {
    const r = run('check');
    expect(r.code).toBe(CHECK_NEEDED_EXIT);
    expect(r.stderr).toContain('the kubeadm-certs Secret is gone');
  });

  it('re-uploads with a new key kept root-only on the node and never printed', () => {
    const r = run('apply');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(NEW_KEY);
    expect(r.stdout).toContain('[upload-certs] Storing the certificates in Secret "kubeadm-certs"');
    expect(r.stdout).toContain(
      '[kubelab] notice: the control-plane certificates were uploaded again',
    );
    const keyFile = join(stateDir, 'certificate-key');
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(NEW_KEY);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(run('key').stdout.trim()).toBe(`KL_OUT certificateKey=${NEW_KEY}`);
  });

  it('fails without printing the key when kubeadm fails', () => {
    stub('kubeadm', `echo ${NEW_KEY}; echo 'error execution phase upload-certs: boom' >&2; exit 1`);
    const r = run('apply');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error execution phase upload-certs: boom');
    expect(r.stdout + r.stderr).not.toContain(NEW_KEY);
    expect(existsSync(join(stateDir, 'certificate-key'))).toBe(false);
  });
});

describe('certsMinSeconds', () => {
  it('asks one join timeout per further control plane, below the Secret’s 2 h', () => {
    expect(certsMinSeconds(0)).toBe(1200);
    expect(certsMinSeconds(2)).toBe(2400);
    expect(certsMinSeconds(4)).toBe(4800);
    expect(certsMinSeconds(9)).toBe(6000);
  });
});
