/**
 * bench/evidence.bench — evidence collection and classification after a failed task (issue 18:
 * ≤ 5 s per failed node), over real SSH to the practice lab's sshd's.
 *
 * The `firewall-6443` scenario (master1's iptables drops 6443/tcp from `up` on, so no install is
 * needed to reproduce what a failed kubeadm init finds): diagnoseFailure — the engine's default
 * `diagnose`, which the runner calls for every failed task — for master1 with node1 as its peer
 * and a wait-control-plane failure as the step's output. Connections are opened first (a failed
 * task's node is connected already; a peer may not be: the peer's connect is measured once, in
 * the cold figure). Median of `rounds` warm runs, plus the cold first run.
 *
 *   npx jiti bench/evidence.bench.ts [rounds=5]   (root; lab instance BENCH_LAB_INSTANCE, 19 here)
 */
import { diagnoseFailure } from '../main/engine/diagnose';
import { openLabBackend } from './lib/labBackend';
import { freshLab, INSTANCE, lab, loadavg1, machine, median, waitForQuiet } from './lib/labBench';

const ROUNDS = Number(process.argv[2] ?? '5');
const BUDGET_MS = 5_000;

// The tail kubeadm prints when wait-control-plane times out (cmd/kubeadm/app/cmd/phases/init/
// waitcontrolplane.go, v1.28), as the lab's kubeadm prints it.
const INIT_TAIL = [
  '[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from directory "/etc/kubernetes/manifests". This can take up to 4m0s',
  '[kubelet-check] Initial timeout of 40s passed.',
  'Unfortunately, an error has occurred:',
  '\ttimed out waiting for the condition',
  "error execution phase wait-control-plane: couldn't initialize a Kubernetes cluster",
].join('\n');

async function main(): Promise<void> {
  const load = await waitForQuiet();
  const ws = freshLab('firewall-6443');
  const session = await openLabBackend(ws.project);
  try {
    const { nodes, plan } = session.store.get();
    const master = nodes.find((n) => n.name === 'master1');
    if (!master) throw new Error('no master1 in the lab project');
    const once = async (): Promise<{ ms: number; cause: string }> => {
      const t0 = performance.now();
      const d = await diagnoseFailure({
        journals: ['kubelet'],
        output: INIT_TAIL,
        plan,
        remote: async () => session.backend.nodes.remotes.remoteFor(master),
        node: master,
        peers: nodes
          .filter((n) => n.id !== master.id)
          .map((n) => ({
            node: n,
            remote: async () => session.backend.nodes.remotes.remoteFor(n),
          })),
      });
      return { ms: performance.now() - t0, cause: d ? `${d.title.en} [${d.signatureId}]` : 'none' };
    };
    const cold = await once();
    const warm: number[] = [];
    let cause = cold.cause;
    for (let i = 0; i < ROUNDS; i++) {
      const r = await once();
      warm.push(r.ms);
      cause = r.cause;
    }
    const line = `| firewall-6443, master1 failed, node1 peer | ${cold.ms.toFixed(0)} ms | ${median(warm).toFixed(0)} ms | ${Math.max(...warm).toFixed(0)} ms | ${cause} |`;
    console.log(
      `machine: ${machine()}; lab instance ${INSTANCE}; load at start ${load}, at end ${loadavg1()}; ${new Date().toISOString()}`,
    );
    console.log(
      '| case | cold (connect + collect + classify) | warm median | warm max | cause named |',
    );
    console.log('|---|---|---|---|---|');
    console.log(line);
    if (Math.max(cold.ms, ...warm) > BUDGET_MS) {
      console.log(`over the ${BUDGET_MS} ms budget`);
      process.exitCode = 1;
    }
  } finally {
    session.close();
    lab('down');
  }
}

void main();
