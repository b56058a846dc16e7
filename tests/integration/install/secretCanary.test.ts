// The secret canary (issue 14, defect 8): while `kubelab apply` joins the workers, every lab node's
// process list is sampled over and over, and neither the join token nor a certificate key may
// ever be in a process's arguments; after the run, no file under /var/lib/kubelab, /etc/kubernetes,
// /tmp or /root on any node holds a token. What real kubeadm keeps is allowed for: it writes
// /etc/kubernetes/bootstrap-kubelet.conf (with the token) during the join and removes it once the
// TLS bootstrap is done (cmd/kubeadm/app/cmd/phases/join/kubelet.go, "Deletes the
// bootstrapKubeConfigFile, so the credential used for TLS bootstrap is removed from disk"), and
// the token itself lives in etcd (/var/lib/etcd, not searched). kubelab joins workers only: no
// certificate key is made (no --upload-certs); the key patterns are searched for all the same.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCli,
  kubelabAsync,
  lab,
  LAB_ENV,
  labWorkspace,
  nodeStatus,
  onNode,
  sleep,
  type Workspace,
} from './helpers';

const STATE = `/run/kubelab-lab${LAB_ENV.LAB_INSTANCE ?? ''}`;
const TOKEN = /\b[a-z0-9]{6}\.[a-z0-9]{16}\b/;
const CERT_KEY = /(--certificate-key|certificate-key:|certificateKey:)[= "']*[0-9a-fA-F]{16,}/;

let ws: Workspace;

beforeAll(() => {
  buildCli();
  ws = labWorkspace('guide');
});

afterAll(() => {
  lab('down');
});

/** Mount namespace of each node (its holder's): a node's processes are those in it. */
function nodeNamespaces(): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(join(STATE, 'nodes'))) {
    const pid = readFileSync(join(STATE, 'nodes', name, 'holder.pid'), 'utf8').trim();
    out.set(readlinkSync(`/proc/${pid}/ns/mnt`), name);
  }
  return out;
}

/**
 * One `ps -eo pid=,args=` (the nodes share the machine's PID namespace: the lab unshares mount and
 * UTS only), each line attributed to its node by mount namespace. Adds "node\targs" lines to `seen`.
 */
function sampleProcesses(nodes: Map<string, string>, seen: Set<string>): void {
  const ps = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).stdout ?? '';
  for (const line of ps.split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (!m?.[1] || m[2] === undefined) continue;
    let ns: string;
    try {
      ns = readlinkSync(`/proc/${m[1]}/ns/mnt`);
    } catch {
      continue; // ended since ps listed it
    }
    const node = nodes.get(ns);
    if (node) seen.add(`${node}\t${m[2]}`);
  }
}

describe('secret canary on the practice lab', () => {
  it('the join token never appears in a node’s process list nor in its files', async () => {
    const nodes = nodeNamespaces();
    expect([...nodes.values()]).toEqual(expect.arrayContaining(['master1', 'node1', 'node2']));
    const seen = new Set<string>();
    const run = kubelabAsync(ws, ['apply', '-f', ws.project], /> master1 +kubeadm-init/);
    let finished = false;
    const result = run.done.then((r) => {
      finished = true;
      return r;
    });
    let samples = 0;
    while (!finished) {
      sampleProcesses(nodes, seen);
      samples++;
      await sleep(25);
    }
    const r = await result;
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect([...nodeStatus('master1').values()]).toEqual(['Ready', 'Ready', 'Ready']);

    // Every token the cluster has (kubelab's join token and the one kubeadm init made).
    const tokens = onNode('master1', 'kubeadm token list')
      .split('\n')
      .slice(1)
      .map((l) => l.split(/\s+/)[0] ?? '')
      .filter((t) => TOKEN.test(t));
    expect(tokens.length).toBeGreaterThan(0);

    const lines = [...seen];
    for (const l of lines) {
      for (const t of tokens) expect(l).not.toContain(t);
      expect(l).not.toMatch(TOKEN);
      // A flag with a value (the starter's own text names `--certificate-key` in its redaction rule).
      expect(l).not.toMatch(/--token[= ]+\S|--certificate-key[= ]+[0-9a-fA-F]/);
      expect(l).not.toMatch(CERT_KEY);
    }

    // The sampler did see the joins happen (else this test would pass by construction).
    for (const worker of ['node1', 'node2']) {
      expect(
        lines.some((l) => l.startsWith(`${worker}\t`) && /kubeadm.* join\b/.test(l)),
        worker,
      ).toBe(true);
    }
    console.log(
      `secret canary: ${samples} process-list samples, ${lines.length} distinct node processes`,
    );

    // …and kubelab gave kubeadm the token in a file.
    expect(lines.some((l) => /kubeadm.* join --config \/run\/kubelab-join\./.test(l))).toBe(true);

    const patterns = tokens.map((t) => `-e ${t}`).join(' ');
    for (const node of ['master1', 'node1', 'node2']) {
      const hits = onNode(
        node,
        `grep -rlsF ${patterns} /var/lib/kubelab /etc/kubernetes /tmp /root || true`,
      ).trim();
      expect(hits, `${node} files holding a token`).toBe('');
      const keys = onNode(
        node,
        `grep -rlsE '(--certificate-key|certificate-key:|certificateKey:)[= "]*[0-9a-fA-F]{16,}' /var/lib/kubelab /etc/kubernetes /root || true`,
      ).trim();
      expect(keys, `${node} files holding a certificate key`).toBe('');
      // No env file of a detached run is left, nor a join configuration.
      expect(
        onNode(
          node,
          'ls /var/lib/kubelab/runs/*/*/env /run/kubelab-join.* 2>/dev/null || true',
        ).trim(),
      ).toBe('');
    }
    // The run logs were kept on the nodes (redacted, not deleted): kubeadm init printed its token.
    expect(onNode('master1', 'cat /var/lib/kubelab/runs/*/kubeadm-init.*/log')).toContain(
      '--token <redacted>',
    );
  }, 900_000);

  it('the lab kubeadm refuses what the real one refuses next to --config', () => {
    // Runs on a joined worker: the refusals come before any preflight check.
    const cfg = (api: string): string =>
      `printf 'apiVersion: kubeadm.k8s.io/${api}\\nkind: JoinConfiguration\\n' > /root/j.yaml`;
    const mixed = onNode(
      'node1',
      `${cfg('v1beta2')}; kubeadm join --config /root/j.yaml --token abcdef.0123456789abcdef ` +
        `--discovery-token-ca-cert-hash sha256:${'0'.repeat(64)} 2>&1; echo "exit $?"; rm -f /root/j.yaml`,
    );
    expect(mixed).toContain(
      "can not mix '--config' with arguments [discovery-token-ca-cert-hash token]",
    );
    expect(mixed).toMatch(/exit 1\n$/);
    // The guide's kubeadm is 1.18: it reads v1beta2, not v1beta4 (added in 1.31).
    const newer = onNode(
      'node1',
      `${cfg('v1beta4')}; kubeadm join --config /root/j.yaml 2>&1; echo "exit $?"; rm -f /root/j.yaml`,
    );
    expect(newer).toContain(
      'no kind "JoinConfiguration" is registered for version "kubeadm.k8s.io/v1beta4"',
    );
    expect(newer).toMatch(/exit 1\n$/);
  });
});
