import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeScript } from './scriptStep';
import drainScript from './scripts/upgrade-drain.sh?raw';
import { drainEnv } from './upgrade-drain';

/**
 * The drain step when a PodDisruptionBudget refuses an eviction. kubectl is a stand-in on PATH
 * printing what the real one prints: its retry line from kubectl's drain.go (`error when evicting
 * pods/%q -n %q (will retry after 5s): %v`) carrying the API server's 429 message "Cannot evict
 * pod as it would violate the pod's disruption budget." (pkg/registry/core/pod/storage/
 * eviction.go; published drain transcripts show the same line), and `kubectl get pdb -A`.
 */
const bin = mkdtempSync(join(tmpdir(), 'kubelab-upgrade-drain-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));
const ARGS = join(bin, 'drain-args');
/** Every uncordon and annotate the stand-in was asked for, one line each. */
const CALLS = join(bin, 'calls');
/** The Node's upgrade-skipped annotation once annotated (the stand-in's whole Node state). */
const MARK = join(bin, 'mark');

const NODES = [
  'NAME      STATUS                     ROLES    AGE   VERSION    INTERNAL-IP      EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION     CONTAINER-RUNTIME',
  'node1     Ready,SchedulingDisabled   <none>   5m    v1.18.2    192.168.100.116  <none>        Ubuntu 20.04.6 LTS   5.4.0-150-generic  docker://19.3.11',
].join('\n');
const PDBS = [
  'NAMESPACE     NAME      MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE',
  'default       web-pdb   2               N/A               0                     7m',
  'kube-system   dns-pdb   N/A             1                 1                     9m',
].join('\n');
const BLOCKED = [
  'node/node1 cordoned',
  'evicting pod default/web-5d8f7c9b6-x2x7q',
  'error when evicting pods/"web-5d8f7c9b6-x2x7q" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod\'s disruption budget.',
  'evicting pod default/web-5d8f7c9b6-x2x7q',
  'error when evicting pods/"web-5d8f7c9b6-x2x7q" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod\'s disruption budget.',
  'error: unable to drain node "node1" due to error:[error when evicting pods/"web-5d8f7c9b6-x2x7q" -n "default": global timeout reached: 2s], continuing command...',
].join('\n');

/** kubectl answering `get nodes -o wide`, `get pdb -A`, `get node … jsonpath` and `drain`. */
function kubectl(drainOut: string, drainExit: number): void {
  const file = join(bin, 'kubectl');
  writeFileSync(
    file,
    `#!/bin/bash
args="$*"
case "$args" in
  *" drain "*) echo "$args" > '${ARGS}'; cat >&2 <<'OUT'
${drainOut}
OUT
    exit ${drainExit} ;;
  *"get nodes -o wide"*) cat <<'OUT'
${NODES}
OUT
  ;;
  *"get pdb -A"*) cat <<'OUT'
${PDBS}
OUT
  ;;
  *"jsonpath"*) printf true ;;
  *" uncordon "*) echo "$args" >> '${CALLS}'; echo "node/node1 uncordoned" ;;
  *" annotate "*) echo "$args" >> '${CALLS}'; echo "\${args##*kubelab.io/upgrade-skipped=}" > '${MARK}'; echo "node/node1 annotated" ;;
  *"get node node1 -o json"*)
    mark=""; [[ -f '${MARK}' ]] && mark=$(cat '${MARK}')
    printf '{\n    "metadata": {\n        "annotations": {\n            "kubelab.io/upgrade-skipped": "%s"\n        }\n    }\n}\n' "$mark" ;;
esac
`,
  );
  chmodSync(file, 0o755);
}

function drain(env: Record<string, string>): { code: number; out: string } {
  const r = spawnSync('bash', ['-c', composeScript(drainScript)], {
    env: {
      PATH: `${bin}:/usr/bin:/bin`,
      KL_MODE: 'apply',
      KL_STEP: 'upgrade-drain',
      TARGET_IP: '192.168.100.116',
      K8S_VERSION: '1.19.16',
      DRAIN_TIMEOUT: '2s',
      UPGRADE_RUN: 'r20261207-185401-6d39c3',
      ...env,
    },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, out: `${r.stdout}\n${r.stderr}` };
}

describe('drainEnv: the drain’s flags for the choice on a blocking PodDisruptionBudget', () => {
  it('waits by default, with the emptyDir flag of the kubectl that drains', () => {
    expect(drainEnv(19, 'wait')).toEqual({
      DRAIN_FLAGS: '--delete-local-data',
      DRAIN_BLOCKED: 'wait',
    });
    expect(drainEnv(20, 'wait').DRAIN_FLAGS).toBe('--delete-emptydir-data');
  });

  it('force adds --disable-eviction from kubectl 1.18, and is refused before it', () => {
    expect(drainEnv(18, 'force')).toEqual({
      DRAIN_FLAGS: '--delete-local-data --disable-eviction',
      DRAIN_BLOCKED: 'force',
    });
    const old = drainEnv(17, 'force');
    expect(old.DRAIN_FLAGS).not.toContain('--disable-eviction');
    expect(old.DRAIN_REFUSAL).toMatch(/^params\.drainBlocked: .*kubectl 1\.17.*choose wait/);
  });

  it('skip drains as wait does, with the choice for the script', () => {
    expect(drainEnv(19, 'skip')).toEqual({
      DRAIN_FLAGS: '--delete-local-data',
      DRAIN_BLOCKED: 'skip',
    });
  });
});

describe('upgrade-drain when a PodDisruptionBudget blocks', () => {
  it('stops at the timeout naming the pod, kubectl’s message and the budget that allows nothing', () => {
    kubectl(BLOCKED, 1);
    const r = drain(drainEnv(19, 'wait'));
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      "[kubelab] blocked: pod default/web-5d8f7c9b6-x2x7q: Cannot evict pod as it would violate the pod's disruption budget.",
    );
    expect(r.out.match(/\[kubelab\] blocked: /g)).toHaveLength(1);
    expect(r.out).toContain('[kubelab] blocking PodDisruptionBudget: default/web-pdb');
    expect(r.out).not.toContain('dns-pdb');
    expect(r.out).toMatch(
      /did not finish within 2s: a PodDisruptionBudget refuses to let default\/web-5d8f7c9b6-x2x7q go; .*Choose: wait \(run again, --drain-blocked wait.*skip \(--drain-blocked skip: node1 stays on its version, uncordoned.*force \(--drain-blocked force = kubectl drain --disable-eviction/,
    );
    // kubectl's own lines were shown as they came, not swallowed.
    expect(r.out).toContain('evicting pod default/web-5d8f7c9b6-x2x7q');
  });

  it('reads the older kubectl wording, which names no namespace', () => {
    kubectl(
      'error when evicting pod "web-5d8f7c9b6-x2x7q" (will retry after 5s): Cannot evict pod as it would violate the pod\'s disruption budget.',
      1,
    );
    expect(drain(drainEnv(17, 'wait')).out).toContain(
      '[kubelab] blocked: pod web-5d8f7c9b6-x2x7q:',
    );
  });

  it('a drain that fails otherwise says so without blaming a budget', () => {
    kubectl('error: unable to drain node "node1": connection refused', 1);
    const r = drain(drainEnv(19, 'wait'));
    expect(r.code).toBe(1);
    expect(r.out).not.toContain('blocked: pod');
    expect(r.out).toContain('did not finish within 2s (exit 1)');
  });

  it('force drains with --disable-eviction and succeeds', () => {
    kubectl('node/node1 cordoned\npod/web-5d8f7c9b6-x2x7q deleted\nnode/node1 drained', 0);
    const r = drain(drainEnv(19, 'force'));
    expect(r.code, r.out).toBe(0);
    expect(readFileSync(ARGS, 'utf8')).toContain('--disable-eviction');
    expect(r.out).toContain('without asking their PodDisruptionBudgets');
  });

  it('skip uncordons the node, marks it for this run only and lets the hop go on', () => {
    rmSync(CALLS, { force: true });
    rmSync(MARK, { force: true });
    kubectl(BLOCKED, 1);
    const r = drain(drainEnv(19, 'skip'));
    expect(r.code, r.out).toBe(0);
    expect(readFileSync(ARGS, 'utf8')).not.toContain('--disable-eviction');
    const calls = readFileSync(CALLS, 'utf8');
    expect(calls).toContain('uncordon node1');
    expect(calls).toContain(
      'annotate --overwrite node node1 kubelab.io/upgrade-skipped=1.19.16@r20261207-185401-6d39c3',
    );
    expect(r.out).toContain(
      '[kubelab] notice: upgrade skipped: node1 stays on its version for now, uncordoned',
    );
    expect(r.out).toContain('upgrade-drain done (skipped node1)');
    // What the step records after it (KL_MODE=skipped): this run skipped node1, on the hop.
    expect(drain({ ...drainEnv(19, 'skip'), KL_MODE: 'skipped' }).out).toContain(
      'KL_OUT upgradeSkipped=1.19.16@r20261207-185401-6d39c3',
    );
    expect(
      drain({ ...drainEnv(19, 'skip'), KL_MODE: 'skipped', UPGRADE_RUN: 'r20261208-000000-aaaaaa' })
        .out,
    ).not.toContain('KL_OUT');
    // This run's check passes the node by; another run's does not (its kubelet is still old).
    expect(drain({ ...drainEnv(19, 'skip'), KL_MODE: 'check' }).code).toBe(0);
    expect(
      drain({ ...drainEnv(19, 'skip'), KL_MODE: 'check', UPGRADE_RUN: 'r20261208-000000-aaaaaa' })
        .code,
    ).toBe(100);
  });

  it('wait never skips: the blocked node is left cordoned and unmarked', () => {
    rmSync(CALLS, { force: true });
    kubectl(BLOCKED, 1);
    expect(drain(drainEnv(19, 'wait')).code).toBe(1);
    expect(() => readFileSync(CALLS, 'utf8')).toThrow();
  });

  it('force on a kubectl without --disable-eviction stops before draining', () => {
    rmSync(ARGS, { force: true });
    kubectl('node/node1 drained', 0);
    const r = drain(drainEnv(17, 'force'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('params.drainBlocked: force needs kubectl drain --disable-eviction');
    expect(() => readFileSync(ARGS, 'utf8')).toThrow();
  });
});
