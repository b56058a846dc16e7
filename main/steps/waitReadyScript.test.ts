import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { composeScript } from './scriptStep';

/**
 * wait-ready.sh's apply, run by bash against a fake `kubectl get nodes -o wide` that answers one
 * table per poll (the last one again once they run out). Two machines with one hostname make one
 * Node whose InternalIP alternates between them (each kubelet's status update writes its own
 * addresses): the step must fail within a few polls naming the Node, both addresses and the
 * machine to rename, instead of waiting out its timeout.
 */
const script = composeScript(
  readFileSync(join(import.meta.dirname, 'scripts', 'wait-ready.sh'), 'utf8'),
);
const HEADER = 'NAME STATUS ROLES AGE VERSION INTERNAL-IP EXTERNAL-IP OS-IMAGE';
const row = (name: string, status: string, ip: string): string =>
  `${name} ${status} <none> 1m v1.34.1 ${ip} <none> Ubuntu`;
const MACHINES = { master1: '10.0.0.10', node1: '10.0.0.11', node2: '10.0.0.12' };

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function waitReady(
  polls: readonly string[][],
  timeoutS = 30,
): { code: number | null; stdout: string; stderr: string; polls: number } {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-wait-ready-'));
  dirs.push(dir);
  polls.forEach((rows, i) => writeFileSync(join(dir, `poll${i}`), [HEADER, ...rows].join('\n')));
  const kubectl = join(dir, 'kubectl');
  writeFileSync(
    kubectl,
    `#!/bin/bash
n=$(cat "$DIR/count" 2>/dev/null || echo 0)
echo $((n + 1)) > "$DIR/count"
f="$DIR/poll$n"; [[ -f $f ]] || f="$DIR/poll${polls.length - 1}"
cat "$f"
`,
  );
  chmodSync(kubectl, 0o755);
  const r = spawnSync('bash', ['-c', script], {
    encoding: 'utf8',
    timeout: 20_000,
    env: {
      PATH: `${dir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      DIR: dir,
      KL_MODE: 'apply',
      KL_STEP: 'wait-ready',
      EXPECTED_IPS: Object.values(MACHINES).join(' '),
      EXPECTED_NODES: Object.entries(MACHINES)
        .map(([id, ip]) => `${ip} ${id}`)
        .join('\n'),
      TIMEOUT_S: String(timeoutS),
      POLL_S: '0',
    },
  });
  const count = Number(readFileSync(join(dir, 'count'), 'utf8'));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, polls: count };
}

describe('wait-ready', () => {
  it('fails within a few polls when two machines update one Node, naming both', () => {
    // node2's hostname is node1: its kubelet writes node1's status with its own address.
    const r = waitReady([
      [row('master1', 'Ready', MACHINES.master1), row('node1', 'NotReady', MACHINES.node1)],
      [row('master1', 'Ready', MACHINES.master1), row('node1', 'NotReady', MACHINES.node2)],
      [row('master1', 'Ready', MACHINES.master1), row('node1', 'Ready', MACHINES.node1)],
    ]);
    expect(r.code).toBe(1);
    expect(r.polls).toBe(2);
    // The machine whose kubelab name is not the Node's is the one to rename and join again.
    expect(r.stderr).toContain(
      '[kubelab] error: two machines registered as one Node node1 (10.0.0.11, 10.0.0.12): node1 and node2 have one hostname; on node2 run hostnamectl set-hostname node2 and kubeadm reset -f, then kubelab add-node node2\n',
    );
  });

  it('names the other machine when the first one seen is the misnamed one', () => {
    const r = waitReady([
      [row('node2', 'NotReady', MACHINES.node1)],
      [row('node2', 'NotReady', MACHINES.node2)],
    ]);
    expect(r.stderr).toContain(
      'two machines registered as one Node node2 (10.0.0.11, 10.0.0.12): node1 and node2 have one hostname; on node1 run hostnamectl set-hostname node1',
    );
  });

  it('waits for nodes that register late and become Ready, without a false alarm', () => {
    const r = waitReady([
      [row('master1', 'NotReady', MACHINES.master1)],
      [row('master1', 'Ready', MACHINES.master1), row('node1', 'NotReady', MACHINES.node1)],
      [
        row('master1', 'Ready', MACHINES.master1),
        row('node1', 'Ready', MACHINES.node1),
        row('node2', 'Ready', MACHINES.node2),
      ],
    ]);
    expect(r.stderr).not.toContain('[kubelab] error');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[kubelab] wait-ready done');
  });

  it('counts a cordoned node as Ready (kubectl prints Ready,SchedulingDisabled)', () => {
    const r = waitReady([
      [
        row('master1', 'Ready', MACHINES.master1),
        row('node1', 'Ready,SchedulingDisabled', MACHINES.node1),
        row('node2', 'Ready', MACHINES.node2),
      ],
    ]);
    expect(r.stderr).not.toContain('[kubelab] error');
    expect(r.code).toBe(0);
  });

  it('still gives up at its timeout when a machine never registers', () => {
    const r = waitReady(
      [[row('master1', 'Ready', MACHINES.master1), row('node1', 'Ready', MACHINES.node1)]],
      0,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[kubelab] error: nodes not Ready after 0 s: 10.0.0.12');
  });
});
