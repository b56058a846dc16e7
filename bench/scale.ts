/**
 * bench/scale — a 50-node lab install vs a 3-node one (design §7: ≤ 2× the wall time; back-end
 * memory at 50 nodes ≤ 300 MB).
 *
 * For each size: a fresh lab of N guide-like nodes (master1 + workers; bench-3.yaml for 3, a
 * generated bench-N.yaml otherwise), then the real CLI `kubelab apply -f kubelab.yaml
 * --concurrency N` (the full guide install, every node in parallel), timed from spawn to exit,
 * with the kubelab process's VmRSS sampled from /proc/<pid>/status every 50 ms (the back end
 * only: the lab's sshd's and shims are separate processes). Success = exit 0 and N nodes Ready.
 * Median of `rounds` rounds per size. Waits for load ≤ 3 (at most 5 min) before each round.
 *
 *   npx jiti bench/scale.ts [sizes=3,50] [rounds=3]      (root; lab instance BENCH_LAB_INSTANCE=2)
 */
import {
  buildBenchCli,
  CLI,
  freshLab,
  lab,
  loadavg1,
  machine,
  median,
  readyCount,
  scenarioFile,
  timed,
  waitForQuiet,
} from './lib/labBench';

const SIZES = (process.argv[2] ?? '3,50').split(',').map(Number);
const ROUNDS = Number(process.argv[3] ?? '3');

interface Sample {
  ms: number;
  rssMb: number;
  labUpMs: number;
  load: number;
}

async function round(n: number): Promise<Sample> {
  const load = await waitForQuiet();
  const t0 = performance.now();
  const ws = freshLab(scenarioFile(n));
  const labUpMs = performance.now() - t0;
  const r = await timed(
    'node',
    [CLI, 'apply', '-f', ws.project, '--concurrency', String(n)],
    ws.env,
    ws.dir,
  );
  if (r.code !== 0) {
    const failed = r.stdout.split('\n').filter((l) => /^ {2}\S+ +failed/.test(l));
    throw new Error(
      `apply on ${n} nodes failed after ${(r.ms / 1000).toFixed(0)} s (peak RSS ${(r.peakRssKb / 1024).toFixed(0)} MB), ${failed.length} nodes failed:\n${failed.join('\n')}\n${r.stdout.slice(-1500)}`,
    );
  }
  const ready = readyCount();
  if (ready !== n) throw new Error(`${ready}/${n} nodes Ready`);
  return { ms: r.ms, rssMb: r.peakRssKb / 1024, labUpMs, load };
}

async function main(): Promise<void> {
  buildBenchCli();
  const results = new Map<number, Sample[]>();
  try {
    for (let r = 0; r < ROUNDS; r++) {
      for (const n of SIZES) {
        const s = await round(n);
        results.set(n, [...(results.get(n) ?? []), s]);
        console.log(
          `nodes=${n} round ${r + 1}: install ${(s.ms / 1000).toFixed(1)} s, peak RSS ${s.rssMb.toFixed(0)} MB (lab up ${(s.labUpMs / 1000).toFixed(0)} s; load at start ${s.load}, now ${loadavg1()})`,
        );
      }
    }
  } finally {
    lab('down');
  }
  console.log(`machine: ${machine()}`);
  console.log(
    '| nodes | install wall (median) | rounds | peak RSS (median, max) | loads at start |',
  );
  console.log('|---|---|---|---|---|');
  const base = median((results.get(SIZES[0] ?? 3) ?? []).map((s) => s.ms));
  for (const [n, ss] of results) {
    const ms = median(ss.map((s) => s.ms));
    console.log(
      `| ${n} | ${(ms / 1000).toFixed(1)} s (${(ms / base).toFixed(2)}×) | ${ss.map((s) => (s.ms / 1000).toFixed(1)).join(', ')} s | ${median(ss.map((s) => s.rssMb)).toFixed(0)} MB, ${Math.max(...ss.map((s) => s.rssMb)).toFixed(0)} MB | ${ss.map((s) => s.load).join(', ')} |`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
