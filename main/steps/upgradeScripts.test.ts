import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECK_NEEDED_EXIT } from '../engine/step';
import { composeScript } from './scriptStep';
import kubeadmScript from './scripts/upgrade-kubeadm.sh?raw';
import kubeletScript from './scripts/upgrade-kubelet.sh?raw';
import nodeScript from './scripts/upgrade-node.sh?raw';

/**
 * The upgrade steps' checks decide "done" from what the node reports. Here the node's tools are
 * stand-ins on PATH printing what the real ones print (kubectl's wide node table, `kubeadm
 * version -o short`), so each check is run as bash runs it on a node, and read for its verdict.
 */
const bin = mkdtempSync(join(tmpdir(), 'kubelab-upgrade-check-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function tool(name: string, stdout: string): void {
  const file = join(bin, name);
  writeFileSync(file, `#!/bin/sh\ncat <<'OUT'\n${stdout}\nOUT\n`);
  chmodSync(file, 0o755);
}

function check(script: string, env: Record<string, string>): number {
  const r = spawnSync('bash', ['-c', composeScript(script)], {
    env: { PATH: `${bin}:/usr/bin:/bin`, KL_MODE: 'check', KL_STEP: 'test', ...env },
    encoding: 'utf8',
  });
  return r.status ?? -1;
}

const WIDE_HEADER =
  'NAME      STATUS                     ROLES    AGE   VERSION    INTERNAL-IP      EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION     CONTAINER-RUNTIME';
const row = (name: string, status: string, version: string, ip: string): string =>
  `${name.padEnd(10)}${status.padEnd(27)}<none>   5m    ${version.padEnd(11)}${ip.padEnd(17)}<none>        Ubuntu 20.04.6 LTS   5.4.0-150-generic  docker://19.3.11`;

describe('upgrade-kubelet check', () => {
  const env = { K8S_VERSION: '1.19.16', NODE_IP: '192.168.100.116', TIMEOUT_S: '1' };

  it('is done only when the Node at its address reports the hop’s version and Ready', () => {
    tool(
      'kubectl',
      [
        WIDE_HEADER,
        row('master1', 'Ready', 'v1.19.16', '192.168.100.111'),
        row('node1', 'Ready', 'v1.19.16', '192.168.100.116'),
      ].join('\n'),
    );
    expect(check(kubeletScript, env)).toBe(0);
    // Another node on the hop's version does not make this one done.
    expect(check(kubeletScript, { ...env, NODE_IP: '192.168.100.117' })).toBe(CHECK_NEEDED_EXIT);
  });

  it('is needed while the kubelet still reports the old version or the node is NotReady', () => {
    tool('kubectl', [WIDE_HEADER, row('node1', 'Ready', 'v1.18.2', '192.168.100.116')].join('\n'));
    expect(check(kubeletScript, env)).toBe(CHECK_NEEDED_EXIT);
    tool(
      'kubectl',
      [WIDE_HEADER, row('node1', 'NotReady', 'v1.19.16', '192.168.100.116')].join('\n'),
    );
    expect(check(kubeletScript, env)).toBe(CHECK_NEEDED_EXIT);
  });

  it('accepts a node someone cordoned (Ready,SchedulingDisabled)', () => {
    tool(
      'kubectl',
      [WIDE_HEADER, row('node1', 'Ready,SchedulingDisabled', 'v1.19.16', '192.168.100.116')].join(
        '\n',
      ),
    );
    expect(check(kubeletScript, env)).toBe(0);
  });
});

describe('upgrade-kubeadm check', () => {
  it('reads the version of the kubeadm binary that runs', () => {
    tool('kubeadm', 'v1.19.16');
    expect(check(kubeadmScript, { K8S_VERSION: '1.19.16' })).toBe(0);
    tool('kubeadm', 'v1.18.2');
    expect(check(kubeadmScript, { K8S_VERSION: '1.19.16' })).toBe(CHECK_NEEDED_EXIT);
  });
});

describe('upgrade-node check on a worker', () => {
  it('is done once its kubelet reports the hop’s version, needed before', () => {
    const env = { K8S_VERSION: '1.19.16', NODE_IP: '192.168.100.116' };
    tool('kubectl', [WIDE_HEADER, row('node1', 'Ready', 'v1.18.2', '192.168.100.116')].join('\n'));
    expect(check(nodeScript, env)).toBe(CHECK_NEEDED_EXIT);
    tool('kubectl', [WIDE_HEADER, row('node1', 'Ready', 'v1.19.16', '192.168.100.116')].join('\n'));
    expect(check(nodeScript, env)).toBe(0);
  });
});
