/**
 * Orchestration overhead of the run service (issue 15): 100 machines × 20 no-op steps against
 * 3 machines × 20, each run started through RunService (params validated, the run recorded in
 * the project's file-backed run records — main/store/runRecords.ts, in a temporary folder — after
 * every transition, events emitted) over a fake Remote that answers every
 * command after LATENCY ms — the scripts' own time, the same per machine at both sizes since
 * every machine works at once (concurrency = machines).
 *
 *   npx jiti bench/runService.bench.ts [latencyMs=5] [reps=5] [record=own|cluster]
 *
 * `record`: where the run is recorded — `own`, the run records of any operation but install and
 * add-node (the default); `cluster`, the cluster's record in the project file (install, add-node:
 * projectRunStateStore, a whole YAML write at the start and end, a journal line per transition);
 * `bare`, no run service at all: each machine's 20 checks and applies called one after another
 * on the same fake Remote — the floor the harness itself (timers, the fake, one event loop) sets
 * on the ratio whatever the engine does.
 *
 * Prints the median wall time per size, the scripts' own time per machine (20 steps × check +
 * apply × latency), the ratio 100/3 of the wall time minus the scripts' time (goal ≤ 1.5), and
 * the median CPU time per size (what the engine itself costs, which a loaded machine inflates
 * less than the wall time).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodeSpec } from '../common/model/node';
import type { RunResult } from '../common/model/runEvent';
import { RunService } from '../main/engine/runService';
import { MemoryLogSink } from '../main/engine/logSink';
import { scriptCheck, type Step } from '../main/engine/step';
import { exampleOperation } from '../main/engine/testing/exampleOperations';
import {
  FileProjectStore,
  projectRunStateStore,
  untitledProject,
} from '../main/store/projectStore';
import { projectRunRecords } from '../main/store/runRecords';
import { FakeLab } from '../tests/fakes/fakeRemote';

const [latencyArg = '5', repsArg = '5', recordArg = 'own'] = process.argv.slice(2);
const LATENCY = Number(latencyArg);
const REPS = Number(repsArg);
const STEPS = 20;
if (recordArg !== 'own' && recordArg !== 'cluster' && recordArg !== 'bare') {
  throw new Error('record: own, cluster or bare');
}
const RECORD: 'own' | 'cluster' | 'bare' = recordArg;

const steps: Step[] = Array.from({ length: STEPS }, (_, i): Step => {
  const id = `noop-${i}`;
  return {
    id,
    check: scriptCheck(() => ({ script: `# check:${id}\n`, env: {} })),
    apply: () => ({ script: `# apply:${id}\n`, env: { STEP: id } }),
  };
});

function machines(n: number): NodeSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `m${i}`,
    name: `m${i}`,
    address: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`,
    port: 22,
    user: 'root',
    auth: 'key' as const,
    role: i === 0 ? ('control-plane' as const) : ('worker' as const),
    labels: {},
  }));
}

interface Sample {
  /** Wall time, ms. */
  wall: number;
  /** This process's CPU time (user + system), ms: the engine's own work, less hit by load. */
  cpu: number;
}

function fakeLab(): FakeLab {
  return new FakeLab(() => ({
    latencyMs: LATENCY,
    rules: [{ match: '# check:', reply: { code: 100 } }],
  }));
}

/** The same calls on the same fake, without the run service: what the harness alone costs. */
async function bare(n: number): Promise<Sample> {
  const lab = fakeLab();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    machines(n).map(async (node) => {
      const remote = lab.remoteFor(node);
      for (let i = 0; i < STEPS; i++) {
        const check = await remote.exec(`# check:noop-${i}\n`, { env: {} });
        if (check.code !== 100) throw new Error('the fake answered the check wrongly');
        await remote.exec(`# apply:noop-${i}\n`, { env: { STEP: `noop-${i}` } });
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  return { wall: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000 };
}

async function once(n: number): Promise<Sample> {
  if (RECORD === 'bare') return bare(n);
  const lab = fakeLab();
  const nodes = machines(n);
  const dir = await mkdtemp(join(tmpdir(), 'kubelab-bench-'));
  const file = join(dir, 'p.yaml');
  const project = new FileProjectStore(untitledProject(), file);
  const records = projectRunRecords(project);
  let done: (r: RunResult) => void = () => undefined;
  const finished = new Promise<RunResult>((r) => (done = r));
  const svc = new RunService(
    {
      operations: {
        'join-control-plane': exampleOperation('join-control-plane', steps, { record: RECORD }),
      },
      records,
      clusterRecord:
        RECORD === 'cluster'
          ? projectRunStateStore(project)
          : { load: async () => undefined, save: async () => undefined },
      remoteFor: lab.remoteFor,
      target: async () => ({ nodes, plan: {} }),
      logSink: new MemoryLogSink(),
      concurrency: n,
    },
    (e) => {
      if (e.type === 'run-finished') done(e.result);
    },
  );
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await svc.start({ operation: 'join-control-plane', params: {} });
  const result = await finished;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // Read back from disk, as a new process would (the cluster's record: file + journal).
  const [recorded] =
    RECORD === 'cluster'
      ? [(await new FileProjectStore().open(file)).runState]
      : await records.list();
  const cells = recorded?.tasks.filter((t) => t.status === 'done').length;
  await rm(dir, { recursive: true, force: true });
  if (result.outcome !== 'succeeded' || recorded?.outcome !== 'succeeded' || cells !== n * STEPS) {
    throw new Error(`the run failed or was not recorded (${cells} of ${n * STEPS} cells done)`);
  }
  return { wall: ms, cpu: (cpu.user + cpu.system) / 1000 };
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  await once(3); // warm-up
  const small: Sample[] = [];
  const large: Sample[] = [];
  for (let i = 0; i < REPS; i++) {
    small.push(await once(3));
    large.push(await once(100));
  }
  const scripts = STEPS * 2 * LATENCY;
  const s = median(small.map((x) => x.wall));
  const l = median(large.map((x) => x.wall));
  const sc = median(small.map((x) => x.cpu));
  const lc = median(large.map((x) => x.cpu));
  const where = { own: 'the run records', cluster: "the cluster's record", bare: 'nothing (bare)' };
  console.log(`recorded in: ${where[RECORD]}`);
  console.log(
    `scripts' own time per machine: ${scripts} ms (${STEPS} steps × check + apply × ${LATENCY} ms)`,
  );
  console.log(`3 × ${STEPS}: median ${s.toFixed(0)} ms; 100 × ${STEPS}: median ${l.toFixed(0)} ms`);
  console.log(`wall ratio 100/3: ${(l / s).toFixed(2)}`);
  console.log(
    `ratio after subtracting the scripts' time: ${((l - scripts) / (s - scripts)).toFixed(2)}`,
  );
  console.log(
    `CPU time: 3 × ${STEPS}: median ${sc.toFixed(0)} ms; 100 × ${STEPS}: median ${lc.toFixed(0)} ms` +
      ` (${((lc * 1000) / (100 * STEPS)).toFixed(0)} µs per cell at 100, ${((sc * 1000) / (3 * STEPS)).toFixed(0)} at 3)`,
  );
}

void main();
