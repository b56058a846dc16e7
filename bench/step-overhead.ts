/**
 * bench/step-overhead — kubelab's per-step overhead per node on the practice lab (design §7: ≤ 30
 * ms median), over real SSH to real sshd's in lab nodes.
 *
 * A no-op step (script `true`, no check) × 25 on 3 and on 10 lab nodes (bench-10 scenario, nodes
 * in parallel), run by the engine (`runInstall`) the way the CLI runs it: SSH remotes from the
 * lab's project file (pinned host keys, lab key), run state saved into the project file after
 * every transition (the changed tasks to its journal, as the run service does), logs to a FileLogSink. Connections are opened by a warm-up run first, so the
 * figure is the steady per-step cost, not the connect.
 *   kubelab per step per node = median over nodes of (node's last step end − run start) / 25
 *   baseline: raw OpenSSH, the same no-op sent the same way (`ssh node bash -s`, script on stdin),
 *     25 in a row per node, nodes in parallel, ControlMaster warm
 *   bash = the no-op's own run time inside a node (`bash -s <<< true`, median of 25)
 *   overhead = per step per node − bash
 * Median of 3 rounds each. Waits for load ≤ 3 (at most 5 min).
 *
 *   npx jiti bench/step-overhead.ts [rounds=3]           (root; lab instance BENCH_LAB_INSTANCE=2)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodeSpec } from '../common/model/node';
import type { RunEvent } from '../common/model/runEvent';
import { FileLogSink } from '../main/engine/fileLogSink';
import { runInstall } from '../main/engine/runner';
import type { Step } from '../main/engine/step';
import { projectRunStateStore } from '../main/store/projectStore';
import {
  freshLab,
  lab,
  loadavg1,
  machine,
  median,
  onNode,
  scenarioFile,
  waitForQuiet,
  type Workspace,
} from './lib/labBench';
import { openLabBackend } from './lib/labBackend';

const ROUNDS = Number(process.argv[2] ?? '3');
const STEPS = 25;
const SIZES = [3, 10];

const noop = (n: number): Step[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `noop-${i}`,
    apply: () => ({ script: 'true\n', env: {} }),
  }));

/** Per step per node (ms) for kubelab's engine: median over nodes of its finish time / steps. */
async function kubelabRun(ws: Workspace, nodes: readonly NodeSpec[]): Promise<number> {
  const session = await openLabBackend(ws.project);
  const store = projectRunStateStore(session.store);
  const logSink = new FileLogSink(mkdtempSync(join(tmpdir(), 'kubelab-bench-logs-')));
  const base = {
    nodes,
    plan: session.store.get().plan,
    remoteFor: (n: NodeSpec) => session.backend.nodes.remotes.remoteFor(n),
    concurrency: nodes.length,
    saveState: (s: Parameters<typeof store.save>[0]) => store.save(s),
    appendState: store.append,
    logSink,
  };
  try {
    const warm = await runInstall({ ...base, steps: noop(1) });
    if (warm.outcome !== 'succeeded') throw new Error(`warm-up ${warm.outcome}`);
    const finished = new Map<string, number>();
    const t0 = performance.now();
    const res = await runInstall({
      ...base,
      steps: noop(STEPS),
      emit: (e: RunEvent) => {
        if (e.type === 'task-state' && e.status === 'done')
          finished.set(e.nodeId, performance.now() - t0);
      },
    });
    if (res.outcome !== 'succeeded') throw new Error(`run ${res.outcome}`);
    return median([...finished.values()]) / STEPS;
  } finally {
    session.close();
  }
}

function sshOnce(args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('ssh', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (b: Buffer) => (err += b.toString()));
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ssh ${code}: ${err}`))));
    // `ssh -O exit` never reads stdin: a closed pipe is not an error here.
    p.stdin.on('error', () => undefined);
    p.stdin.end(input);
  });
}

/** Per step per node (ms) for raw OpenSSH with a warm ControlMaster. */
async function sshRun(ws: Workspace, nodes: readonly NodeSpec[]): Promise<number> {
  const cp = mkdtempSync(join(tmpdir(), 'kubelab-bench-cm-'));
  const args = (n: NodeSpec): string[] => [
    '-i',
    ws.keyPath,
    '-o',
    `UserKnownHostsFile=${ws.knownHosts}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'ControlMaster=auto',
    '-o',
    `ControlPath=${cp}/%h`,
    '-o',
    'ControlPersist=60s',
    '-o',
    'BatchMode=yes',
    `root@${n.address}`,
    'bash -s',
  ];
  await Promise.all(nodes.map((n) => sshOnce(args(n), 'true\n')));
  const t0 = performance.now();
  const done = await Promise.all(
    nodes.map(async (n) => {
      for (let i = 0; i < STEPS; i++) await sshOnce(args(n), 'true\n');
      return performance.now() - t0;
    }),
  );
  await Promise.all(
    nodes.map((n) =>
      sshOnce([...args(n).slice(0, -2), '-O', 'exit', `root@${n.address}`], '').catch(
        () => undefined,
      ),
    ),
  );
  return median(done) / STEPS;
}

/** The no-op's own run time inside a node (ms): `bash -s` with `true` on stdin, median of 25. */
function bashMs(): number {
  const out = onNode(
    'master1',
    'for i in $(seq 25); do s=$(date +%s%N); bash -s <<< true; e=$(date +%s%N); echo $(( (e - s) / 1000 )); done',
  );
  return median(out.trim().split('\n').map(Number)) / 1000;
}

async function main(): Promise<void> {
  const ws = freshLab(scenarioFile(10));
  const rows: string[] = [];
  try {
    const session = await openLabBackend(ws.project);
    const all = session.store.get().nodes;
    session.close();
    for (const size of SIZES) {
      const nodes = all.slice(0, size);
      const k: number[] = [];
      const s: number[] = [];
      const b: number[] = [];
      const loads: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        loads.push(await waitForQuiet());
        k.push(await kubelabRun(ws, nodes));
        s.push(await sshRun(ws, nodes));
        b.push(bashMs());
        console.log(
          `nodes=${size} round ${r + 1}: kubelab ${k.at(-1)?.toFixed(1)} ms/step/node, ssh ${s.at(-1)?.toFixed(1)}, bash ${b.at(-1)?.toFixed(1)} (load ${loadavg1()})`,
        );
      }
      const km = median(k);
      const sm = median(s);
      const bm = median(b);
      rows.push(
        `| ${size} | ${km.toFixed(1)} | ${sm.toFixed(1)} | ${bm.toFixed(1)} | ${(km - bm).toFixed(1)} | ${(sm - bm).toFixed(1)} | ${loads.join(', ')} |`,
      );
    }
  } finally {
    lab('down');
  }
  console.log(`machine: ${machine()}`);
  console.log(
    '| nodes | kubelab ms/step/node | raw ssh (ControlMaster) | bash no-op | kubelab overhead | ssh overhead | load at start |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
