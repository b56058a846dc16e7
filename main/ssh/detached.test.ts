import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REDACTED, redact } from '../engine/redact';
import { START_SCRIPT } from './detached';
import { envLines } from './quote';

const TOKEN = 'k8slab.0123456789abcdef';
const CERT_KEY = 'c0ffee'.repeat(10) + 'abcd';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/**
 * Runs the starter as the node would (bash, here on this machine), with a `systemctl` that says
 * the system is not running so the runner goes through setsid, and waits for the exit file.
 */
async function runDetached(script: string, env: Record<string, string>): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'kubelab-detached-'));
  dirs.push(root);
  const bin = join(root, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  writeFileSync(join(bin, 'systemctl'), '#!/bin/sh\necho offline\nexit 1\n');
  chmodSync(join(bin, 'systemctl'), 0o755);
  const dir = join(root, 'runs', 'run1', 'join-node.1');
  const r = spawnSync('bash', ['-c', START_SCRIPT], {
    encoding: 'utf8',
    env: {
      PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      KL_DIR: dir,
      KL_UNIT: 'kubelab-test',
      KL_SCRIPT: script,
      KL_ENVFILE: envLines(env),
    },
  });
  expect(r.status, r.stderr).toBe(0);
  for (let i = 0; i < 100 && !existsSync(join(dir, 'exit')); i++) {
    await new Promise((res) => setTimeout(res, 50));
  }
  return dir;
}

describe('detached runs on the node', () => {
  it('removes the env file once read and writes a redacted log; the exit code is the script’s', async () => {
    const script = [
      'echo "kubeadm join 10.0.0.1:6443 --token $JOIN_TOKEN --control-plane --certificate-key $CERT_KEY"',
      'echo "certificateKey: \\"$CERT_KEY\\"" >&2',
      // kubeadm init --upload-certs prints the key alone on the next line.
      'printf "[upload-certs] Using certificate key:\\n%s\\n" "$CERT_KEY"',
      '[ -e env ] && echo "env still there" || echo "env gone"',
      'exit 7',
    ].join('\n');
    const dir = await runDetached(script, { JOIN_TOKEN: TOKEN, CERT_KEY });
    expect(readFileSync(join(dir, 'exit'), 'utf8').trim()).toBe('7');
    expect(existsSync(join(dir, 'env'))).toBe(false);
    const log = readFileSync(join(dir, 'log'), 'utf8');
    expect(log).toContain('env gone');
    expect(log).toContain(`--token ${REDACTED} --control-plane --certificate-key ${REDACTED}`);
    expect(log).toContain(`certificateKey: ${REDACTED}`);
    expect(log).toContain(`[upload-certs] Using certificate key:\n${REDACTED}\n`);
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain(CERT_KEY);
    // The node's redaction agrees with the engine's on the same text.
    const raw = `kubeadm join 10.0.0.1:6443 --token ${TOKEN} --control-plane --certificate-key ${CERT_KEY}`;
    expect(log.split('\n')[0]).toBe(redact(raw));
    // Everything in the run directory is root's alone (umask 077).
    for (const f of ['log', 'script.sh', 'runner.sh', 'redact.sed']) {
      expect(statSync(join(dir, f)).mode & 0o077, f).toBe(0);
    }
  }, 30_000);

  it('keeps ordinary output as it is, line by line', async () => {
    const dir = await runDetached('printf "one\\ntwo 1.2.3.4:6443\\nsha256:%s\\n" "$H"', {
      H: 'ab'.repeat(32),
    });
    expect(readFileSync(join(dir, 'exit'), 'utf8').trim()).toBe('0');
    expect(readFileSync(join(dir, 'log'), 'utf8')).toBe(
      `one\ntwo 1.2.3.4:6443\nsha256:${'ab'.repeat(32)}\n`,
    );
  }, 30_000);
});
