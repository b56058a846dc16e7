/**
 * bench/engine-vs-ansible — the same step scripts on the same lab nodes: kubelab's engine vs
 * `ansible-playbook` (design §7: kubelab ≤ 0.2× Ansible's wall time).
 *
 * What runs: the full guide install (Kubernetes 1.18.2, Docker, China mirrors, flannel) on the
 * practice lab's 3 nodes (bench/scenarios/bench-3.yaml: master1, node1, node2), every round on a
 * freshly brought-up lab (same scenario, same starting state) for each tool:
 *   kubelab: `node <cli> apply -f kubelab.yaml --concurrency 3` (the real CLI, bundled the way
 *            tests/integration/install builds it), wall time from spawn to exit.
 *   Ansible: a playbook generated from `kubelab plan --json` (bench/lib/ansiblePlaybook.ts: the
 *            same scripts and environment; per step a check `script:` task and an apply `script:`
 *            task when the check says needed; the join token read on the master by the same
 *            script), Debian's ansible, pipelining + ControlPersist, forks = node count, no fact
 *            gathering; wall time of `ansible-playbook` from spawn to exit.
 * Both must end with exit 0 and every node Ready (kubectl on master1), else the round fails.
 * Load: waits for /proc/loadavg ≤ 3 (at most 5 min, then runs and records the load).
 *
 *   npx jiti bench/engine-vs-ansible.ts [rounds=3]      (root; lab instance BENCH_LAB_INSTANCE=2)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RenderedTask } from '../common/model/runEvent';
import { writeAnsibleProject } from './lib/ansiblePlaybook';
import {
  buildBenchCli,
  CLI,
  freshLab,
  lab,
  labNodes,
  loadavg1,
  machine,
  median,
  readyCount,
  run,
  scenarioFile,
  timed,
  waitForQuiet,
} from './lib/labBench';

const ROUNDS = Number(process.argv[2] ?? '3');
const SCENARIO = scenarioFile(3);

interface Round {
  kubelabMs: number;
  ansibleMs: number;
  load: number;
}

async function kubelabRound(): Promise<number> {
  const ws = freshLab(SCENARIO);
  const r = await timed(
    'node',
    [CLI, 'apply', '-f', ws.project, '--concurrency', '3'],
    ws.env,
    ws.dir,
  );
  if (r.code !== 0) throw new Error(`kubelab apply failed:\n${r.stdout.slice(-3000)}${r.stderr}`);
  const ready = readyCount();
  if (ready !== 3) throw new Error(`kubelab: ${ready}/3 nodes Ready`);
  return r.ms;
}

async function ansibleRound(): Promise<number> {
  const ws = freshLab(SCENARIO);
  // The dry run renders what kubelab would run; not part of Ansible's timed wall.
  const plan = run('node', [CLI, 'plan', '-f', ws.project, '--json'], ws.env, ws.dir);
  if (plan.code !== 0) throw new Error(`kubelab plan failed: ${plan.stderr}`);
  const tasks = JSON.parse(plan.stdout) as RenderedTask[];
  const nodes = labNodes();
  const proj = writeAnsibleProject(tasks, nodes, {
    dir: mkdtempSync(join(tmpdir(), 'kubelab-bench-ansible-')),
    keyPath: ws.keyPath,
    knownHosts: ws.knownHosts,
    nodeIds: new Map(nodes.map((n) => [n.name, n.name])),
  });
  const r = await timed(
    'ansible-playbook',
    ['-i', proj.inventory, proj.playbook],
    { ...process.env, ANSIBLE_CONFIG: proj.cfg, ANSIBLE_NOCOLOR: '1' },
    proj.dir,
  );
  if (r.code !== 0)
    throw new Error(`ansible-playbook failed:\n${r.stdout.slice(-4000)}${r.stderr}`);
  const ready = readyCount();
  if (ready !== 3) throw new Error(`ansible: ${ready}/3 nodes Ready`);
  return r.ms;
}

async function main(): Promise<void> {
  if (run('ansible-playbook', ['--version']).code !== 0)
    throw new Error('ansible-playbook not found: apt-get install -y ansible');
  buildBenchCli();
  const version = run('ansible-playbook', ['--version']).stdout.split('\n')[0] ?? '';
  const rounds: Round[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      const load = await waitForQuiet();
      // Alternate the order so neither tool always runs on the warmer machine.
      const first = i % 2 === 0 ? 'kubelab' : 'ansible';
      let kubelabMs = 0;
      let ansibleMs = 0;
      if (first === 'kubelab') {
        kubelabMs = await kubelabRound();
        ansibleMs = await ansibleRound();
      } else {
        ansibleMs = await ansibleRound();
        kubelabMs = await kubelabRound();
      }
      rounds.push({ kubelabMs, ansibleMs, load });
      console.log(
        `round ${i + 1}: kubelab ${(kubelabMs / 1000).toFixed(1)} s, ansible ${(ansibleMs / 1000).toFixed(1)} s, ratio ${(kubelabMs / ansibleMs).toFixed(3)} (load at start ${load}, now ${loadavg1()})`,
      );
    }
  } finally {
    lab('down');
  }
  const k = median(rounds.map((r) => r.kubelabMs));
  const a = median(rounds.map((r) => r.ansibleMs));
  const ratios = rounds.map((r) => r.kubelabMs / r.ansibleMs);
  console.log(`machine: ${machine()}; ${version}`);
  console.log(
    `| 3 nodes, full guide install | ${(k / 1000).toFixed(1)} s | ${(a / 1000).toFixed(1)} s | ${(k / a).toFixed(3)} (per-round median ${median(ratios).toFixed(3)}) | loads at start ${rounds.map((r) => r.load).join(', ')} |`,
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
