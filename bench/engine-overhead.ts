/**
 * Per-step engine overhead per node (design §7: goal ≤ 30 ms median on the lab). A zero-latency
 * fake remote answers every command at once, so the time measured is the engine's own:
 * scheduling, state snapshots and saves, events, log redaction and sink, timeouts, contexts.
 *
 *   npx jiti bench/engine-overhead.ts [steps=25] [nodes=1,10,50] [reps=15]
 *
 * Prints one line per node count: median (and p90) of wall time per step per node, where a
 * "step" is check → apply → outputs with one log line, and state is serialised to JSON on every
 * save the way a project-file store would.
 */
import type { NodeSpec } from '../common/model/node';
import type { RunState } from '../common/model/runEvent';
import { MemoryLogSink } from '../main/engine/logSink';
import { runInstall } from '../main/engine/runner';
import { scriptCheck, type Step } from '../main/engine/step';
import { FakeLab } from '../tests/fakes/fakeRemote';

const [stepsArg = '25', nodesArg = '1,10,50', repsArg = '15'] = process.argv.slice(2);
const STEPS = Number(stepsArg);
const NODE_COUNTS = nodesArg.split(',').map(Number);
const REPS = Number(repsArg);

function steps(n: number): Step[] {
  return Array.from({ length: n }, (_, i): Step => {
    const id = `step-${i}`;
    return {
      id,
      check: scriptCheck(() => ({ script: `# check:${id}\n`, env: {} })),
      apply: () => ({
        script: `# apply:${id}\n`,
        env: { STEP: id, TOKEN: 'abcdef.0123456789abcdef' },
      }),
    };
  });
}

function nodes(n: number): NodeSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `n${i}`,
    name: `n${i}`,
    address: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`,
    port: 22,
    user: 'root',
    auth: 'key' as const,
    role: i === 0 ? ('control-plane' as const) : ('worker' as const),
    labels: {},
  }));
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function once(stepCount: number, nodeCount: number): Promise<number> {
  const lab = new FakeLab(() => ({
    rules: [
      { match: '# check:', reply: { code: 100 } },
      { match: '# apply:', reply: { stdout: 'applied with token abcdef.0123456789abcdef\n' } },
    ],
  }));
  let bytes = 0;
  const t0 = performance.now();
  const result = await runInstall({
    steps: steps(stepCount),
    nodes: nodes(nodeCount),
    plan: {},
    remoteFor: lab.remoteFor,
    concurrency: nodeCount,
    logSink: new MemoryLogSink(),
    emit: () => undefined,
    saveState: async (s: RunState) => {
      bytes += JSON.stringify(s).length;
    },
  });
  const ms = performance.now() - t0;
  if (result.outcome !== 'succeeded' || bytes === 0) throw new Error(`bench run ${result.outcome}`);
  // Nodes run in parallel, so wall time per step is the overhead each node sees per step.
  return ms / stepCount;
}

async function main(): Promise<void> {
  console.log(
    `engine overhead: ${STEPS} steps, zero-latency fake remote, ${REPS} reps (median, p90)`,
  );
  await once(STEPS, 2); // warm-up: JIT, module init
  for (const n of NODE_COUNTS) {
    const samples: number[] = [];
    for (let r = 0; r < REPS; r++) samples.push(await once(STEPS, n));
    samples.sort((a, b) => a - b);
    const med = quantile(samples, 0.5).toFixed(2);
    const p90 = quantile(samples, 0.9).toFixed(2);
    console.log(
      `nodes=${String(n).padStart(3)}  per step per node: median ${med} ms, p90 ${p90} ms`,
    );
  }
}

void main();
