import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeScript } from './scriptStep';

/**
 * kubeadm-init.sh's apply with /etc/kubernetes moved into a temp dir and a stand-in kubeadm that
 * logs its arguments and, for `reset`, empties the manifest directory as kubeadm reset does.
 * The point: kube-vip's manifest, written before init, is not a failed init's leftover, and a
 * reset of real leftovers keeps it.
 */
let dir = '';
let etc = '';
let calls = '';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubeadm-init-leftovers-'));
  etc = join(dir, 'etc-kubernetes');
  calls = join(dir, 'calls');
  mkdirSync(join(etc, 'manifests'), { recursive: true });
  mkdirSync(join(dir, 'bin'));
  const stub = (name: string, body: string): void => {
    writeFileSync(join(dir, 'bin', name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(dir, 'bin', name), 0o755);
  };
  stub(
    'kubeadm',
    `echo "kubeadm $*" >> ${calls}; if [[ $1 == reset ]]; then rm -rf ${etc}/manifests/*; fi`,
  );
  stub('kubectl', 'exit 1');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function apply(): string {
  const body = readFileSync(join(import.meta.dirname, 'scripts', 'kubeadm-init.sh'), 'utf8');
  const script = composeScript(body)
    .replaceAll('/etc/kubernetes', etc)
    .replace(/^KL_STATE_DIR=.*$/m, `KL_STATE_DIR=${join(dir, 'state')}`)
    // What reset leaves behind is cleaned on this machine's real paths (CNI config, /root/.kube,
    // iptables): not here.
    .replace(/^clean_after_reset\(\) \{[\s\S]*?^\}/m, 'clean_after_reset() { :; }');
  expect(script).toContain('clean_after_reset() { :; }');
  spawnSync('bash', ['-c', script], {
    env: {
      PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`,
      KL_MODE: 'apply',
      KL_STEP: 'kubeadm-init',
      KUBEADM_CONFIG: 'kind: InitConfiguration\n',
    },
    encoding: 'utf8',
  });
  return existsSync(calls) ? readFileSync(calls, 'utf8') : '';
}

describe('kubeadm-init leftovers and kube-vip', () => {
  it('runs init without a reset when only kube-vip’s manifest is there', () => {
    writeFileSync(join(etc, 'manifests', 'kube-vip.yaml'), 'kind: Pod\n');
    const log = apply();
    expect(log).not.toContain('kubeadm reset');
    expect(log).toContain('kubeadm init');
    expect(existsSync(join(etc, 'manifests', 'kube-vip.yaml'))).toBe(true);
  });

  it('resets a failed init’s manifests but puts kube-vip’s back before init', () => {
    writeFileSync(join(etc, 'manifests', 'kube-vip.yaml'), 'kind: Pod\nname: kube-vip\n');
    writeFileSync(join(etc, 'manifests', 'kube-apiserver.yaml'), 'kind: Pod\n');
    const log = apply();
    expect(log).toMatch(/kubeadm reset -f[\s\S]*kubeadm init/);
    expect(readFileSync(join(etc, 'manifests', 'kube-vip.yaml'), 'utf8')).toBe(
      'kind: Pod\nname: kube-vip\n',
    );
    expect(existsSync(join(etc, 'manifests', 'kube-apiserver.yaml'))).toBe(false);
  });
});
