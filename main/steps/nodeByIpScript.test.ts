import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { composeScript } from './scriptStep';

/**
 * lib.sh's kl_node_by_ip — the node object's name for TARGET_IP, its node list asked up to three
 * times — as reset-node.sh's drain, drain-node.sh and delete-node.sh use it, run by bash against a
 * stand-in kubectl. The list is `kubectl get nodes -o wide`'s table (columns NAME STATUS ROLES AGE
 * VERSION INTERNAL-IP …: kubernetes pkg/printers/internalversion/printers.go,
 * nodeColumnDefinitions); a failing list prints kubectl's "The connection to the server … was
 * refused" and exits 1, as kubectl does when the API server is down.
 */
const scriptOf = (id: string): string =>
  composeScript(readFileSync(join(import.meta.dirname, 'scripts', `${id}.sh`), 'utf8'));

let dir = '';

const FAKE_KUBECTL = `#!/bin/bash
echo "$*" >>"$FAKE/calls"
case "$*" in
  *"get nodes -o wide"*)
    n=$(cat "$FAKE/lists" 2>/dev/null || echo 0); echo $((n + 1)) >"$FAKE/lists"
    if (( n < $(cat "$FAKE/fail") )); then
      echo "The connection to the server 192.168.100.111:6443 was refused - did you specify the right host or port?" >&2
      exit 1
    fi
    cat "$FAKE/nodes" ;;
  *"-o jsonpath={.spec.unschedulable}"*) echo true ;;
  *drain*)
    # $FAKE/drain: how a drain ends — "<exit code> <seconds it takes> <message>" (default: at once, 0).
    read -r code secs msg <"$FAKE/drain" || true
    [[ -n \${msg:-} ]] && echo "$msg" >&2
    [[ \${secs:-0} -gt 0 ]] && /bin/sleep "$secs"
    exit "\${code:-0}" ;;
  *"delete node"*) exit 0 ;;
  *"get pdb"*) echo "NAMESPACE NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE" ;;
  *) exit 2 ;;
esac
`;

const WIDE_HEADER =
  'NAME      STATUS   ROLES           AGE   VERSION   INTERNAL-IP       EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION      CONTAINER-RUNTIME';
const NODES = [
  WIDE_HEADER,
  'master1   Ready    control-plane   9m    v1.28.2   192.168.100.111   <none>        Ubuntu 22.04.3 LTS   5.15.0-88-generic   containerd://1.6.24',
  'node1     Ready    <none>          8m    v1.28.2   192.168.100.112   <none>        Ubuntu 22.04.3 LTS   5.15.0-88-generic   containerd://1.6.24',
].join('\n');

/** The API server refuses the first `failures` node lists. */
function apiRefuses(failures: number): void {
  writeFileSync(join(dir, 'fail'), String(failures));
  writeFileSync(join(dir, 'lists'), '0');
  writeFileSync(join(dir, 'calls'), '');
}

function run(
  id: string,
  mode: string,
  env: Record<string, string> = {},
): { code: number | null; stdout: string; stderr: string; calls: string[]; pauses: number } {
  const r = spawnSync('bash', ['-c', scriptOf(id)], {
    env: {
      // The stand-in `sleep` keeps the retries' pauses out of the test's time (and counts them).
      PATH: `${dir}:/usr/bin:/bin`,
      FAKE: dir,
      KL_MODE: mode,
      KL_STEP: id,
      TARGET_IP: '192.168.100.112',
      DRAIN_FLAGS: '--delete-emptydir-data',
      DRAIN_TIMEOUT: '5m',
      ...env,
    },
    encoding: 'utf8',
  });
  const calls = readFileSync(join(dir, 'calls'), 'utf8').split('\n').filter(Boolean);
  const pauses = readFileSync(join(dir, 'pauses'), 'utf8').split('\n').filter(Boolean).length;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, calls, pauses };
}

beforeEach(() => {
  dir ||= mkdtempSync(join(tmpdir(), 'kl-node-by-ip-'));
  writeFileSync(join(dir, 'kubectl'), FAKE_KUBECTL);
  writeFileSync(join(dir, 'sleep'), '#!/bin/bash\necho "$1" >>"$FAKE/pauses"\n');
  chmodSync(join(dir, 'kubectl'), 0o755);
  chmodSync(join(dir, 'sleep'), 0o755);
  writeFileSync(join(dir, 'nodes'), `${NODES}\n`);
  writeFileSync(join(dir, 'pauses'), '');
  writeFileSync(join(dir, 'drain'), '0 0');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const deleted = (calls: string[]): string[] => calls.filter((c) => c.includes('delete node'));

// Each case spawns bash and the stand-ins several times: seconds on a loaded machine.
describe('kl_node_by_ip asks for the node list up to three times', { timeout: 60_000 }, () => {
  it("reset-node's drain: an API server that refuses twice still finds, drains and deletes node1", () => {
    apiRefuses(2);
    const r = run('reset-node', 'drain');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('[kubelab] draining node1');
    expect(r.calls.filter((c) => c.includes(' drain node1 '))).toHaveLength(1);
    expect(deleted(r.calls)).toEqual(['--kubeconfig /etc/kubernetes/admin.conf delete node node1']);
    expect(r.pauses).toBe(2);
  });

  it("reset-node's drain: a list that never comes stops the drain and deletes nothing", () => {
    apiRefuses(3);
    const r = run('reset-node', 'drain');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "[kubelab] error: cannot list the cluster's nodes; 192.168.100.112 was not drained",
    );
    expect(deleted(r.calls)).toEqual([]);
  });

  it("reset-node's drain: an address the cluster does not have is nothing to drain", () => {
    apiRefuses(0);
    const r = run('reset-node', 'drain', { TARGET_IP: '192.168.100.119' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('no node with address 192.168.100.119 in the cluster');
    expect(r.calls).toEqual(['--kubeconfig /etc/kubernetes/admin.conf get nodes -o wide']);
  });

  it('drain-node check: one refused list is asked again; node1, still in the cluster, is drained', () => {
    apiRefuses(1);
    const r = run('drain-node', 'check');
    // Cordoned or not: a drain that stopped midway leaves the node cordoned with pods on it.
    expect(r.code).toBe(100);
    expect(r.stderr).toContain('[kubelab] needed: node1 is still in the cluster');
    expect(r.pauses).toBe(1);
  });

  it('drain-node check: a node gone from the cluster is done', () => {
    apiRefuses(0);
    const r = run('drain-node', 'check', { TARGET_IP: '192.168.100.119' });
    expect(r.code, r.stderr).toBe(0);
  });

  it('drain-node check: a list that never comes is an error, not "the node is gone"', () => {
    apiRefuses(3);
    const r = run('drain-node', 'check');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot tell whether 192.168.100.112 is still in the cluster');
  });

  it('delete-node check: a list that never comes is an error, not "the node is deleted"', () => {
    apiRefuses(3);
    const r = run('delete-node', 'check', { TARGET_LABEL: 'node1' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot tell whether 192.168.100.112 is still in the cluster');
  });
});

describe('drain-node says why a drain stopped', { timeout: 60_000 }, () => {
  it('a drain that succeeds is verified by the cordon it left', () => {
    apiRefuses(0);
    const r = run('drain-node', 'apply', { DRAIN_TIMEOUT: '120s' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('[kubelab] drain-node done');
    expect(r.calls.filter((c) => c.includes(' drain node1 '))).toHaveLength(1);
  });

  const CONFLICT =
    'Error from server (Conflict): Operation cannot be fulfilled on nodes "node1": the object has been modified; please apply your changes to the latest version and try again';

  it("a drain that fails at once is a failure with kubectl's error, not a timeout", () => {
    apiRefuses(0);
    writeFileSync(join(dir, 'drain'), `1 0 ${CONFLICT}`);
    const r = run('drain-node', 'apply', { DRAIN_TIMEOUT: '120s' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(CONFLICT);
    expect(r.stderr).toContain(
      "[kubelab] error: kubectl drain node1 failed (kubectl's error is above); nothing was removed",
    );
    expect(r.stderr).not.toContain('did not finish within');
  });

  it('a drain that runs out its timeout (1s here) says so and looks for blocking budgets', () => {
    apiRefuses(0);
    writeFileSync(join(dir, 'drain'), '1 1 error: global timeout reached: 1s');
    const r = run('drain-node', 'apply', { DRAIN_TIMEOUT: '1s' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('kubectl drain node1 did not finish within 1s; nothing was removed');
    expect(r.calls.some((c) => c.includes('get pdb -A'))).toBe(true);
  });
});
