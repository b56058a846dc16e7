import { SINGLE_CONTROL_PLANE_STEP_IDS, type InstallStepId } from '../../catalog/steps';
import type { NodeSpec } from '../../model/node';
import type { RunState, TaskState } from '../../model/runState';

/**
 * A realistic run state for a synthetic cluster: every install step on the nodes it runs on,
 * with the engine's dependencies (init after the first control plane's images, joins after the
 * CNI, wait-ready last), per-node speed and optional retries. Used by tests and bench/report.ts.
 */

/** Seconds each step takes on an average node of the guide's lab. */
const BASE_SECONDS: Record<InstallStepId, number> = {
  'prepare-os': 38,
  // An offline plan's steps (not in the guide's online run this builds): placeholders, unmeasured.
  'bundle-repo': 0,
  'container-runtime': 115,
  'kube-packages': 84,
  'enable-kubelet': 3,
  'pull-images': 142,
  'import-images': 0,
  'ha-load-balancer': 25,
  'kubeadm-init': 96,
  'external-load-balancer': 2,
  'admin-kubeconfig': 4,
  'install-cni': 21,
  'upload-certs': 2,
  'join-control-plane': 70,
  'kube-vip': 20,
  'join-node': 33,
  'wait-ready': 58,
};

export interface RunOptions {
  start: string;
  /** `${stepId}@${nodeId}` → attempts (the first attempts failed and took 40% of the time). */
  retries?: Record<string, number>;
}

function runsOn(step: InstallStepId, node: NodeSpec, firstCp: string): boolean {
  if (step === 'kubeadm-init' || step === 'admin-kubeconfig' || step === 'install-cni') {
    return node.id === firstCp;
  }
  if (step === 'wait-ready') return node.id === firstCp;
  if (step === 'join-node') return node.id !== firstCp;
  return true;
}

export function syntheticRun(nodes: readonly NodeSpec[], opts: RunOptions): RunState {
  const t0 = Date.parse(opts.start);
  const firstCp = nodes.find((n) => n.role === 'control-plane')?.id ?? nodes[0]?.id ?? '';
  const iso = (s: number): string => new Date(t0 + Math.round(s * 1000)).toISOString();
  const tasks: TaskState[] = [];
  const ready = new Map<string, number>(); // node → seconds when its last task finished
  let cniDone = 0;
  let lastJoin = 0;
  // A synthetic run is a single control plane's: the HA-only steps do not run in it.
  const order: InstallStepId[] = [...SINGLE_CONTROL_PLANE_STEP_IDS];
  for (const step of order) {
    nodes.forEach((node, i) => {
      if (!runsOn(step, node, firstCp)) return;
      // Deterministic per-node speed between 0.85 and 1.25 so bars do not line up.
      const speed = 0.85 + ((i * 37) % 41) / 100;
      let start = ready.get(node.id) ?? 0;
      if (step === 'join-node') start = Math.max(start, cniDone);
      if (step === 'wait-ready') start = Math.max(start, lastJoin);
      const attempts = opts.retries?.[`${step}@${node.id}`] ?? 1;
      const seconds = BASE_SECONDS[step] * speed * (1 + 0.4 * (attempts - 1));
      const end = start + seconds;
      tasks.push({
        stepId: step,
        nodeId: node.id,
        status: 'done',
        attempts,
        startedAt: iso(start),
        finishedAt: iso(end),
      });
      ready.set(node.id, end);
      if (step === 'install-cni') cniDone = end;
      if (step === 'join-node') lastJoin = Math.max(lastJoin, end);
    });
  }
  const end = Math.max(...ready.values());
  return {
    runId: `run-${opts.start.slice(0, 10)}`,
    startedAt: opts.start,
    finishedAt: iso(end),
    outcome: 'succeeded',
    tasks,
  };
}
