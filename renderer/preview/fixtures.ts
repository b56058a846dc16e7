/**
 * Sample data for the component preview (a test harness, never part of the app's build): the
 * guide's three-node lab half-way through an install with one failure.
 */
import { cellKey, type CellMap, type CellStatus } from '../src/components/checklist/types';
import type {
  TopologyLink,
  TopologyMachine,
  TopologyNetwork,
} from '../src/components/topology/types';

export const STEPS = [
  { id: 'preflight', label: 'Preflight checks' },
  { id: 'swap', label: 'Disable swap' },
  { id: 'modules', label: 'Kernel modules and sysctl' },
  { id: 'runtime', label: 'Install containerd' },
  { id: 'kube-packages', label: 'Install kubeadm, kubelet, kubectl' },
  { id: 'images', label: 'Pull control-plane images' },
  { id: 'init', label: 'kubeadm init' },
  { id: 'cni', label: 'Install Calico' },
  { id: 'join', label: 'kubeadm join' },
  { id: 'verify', label: 'Nodes Ready' },
];

export const NODES = [
  { id: 'node1', name: 'node1' },
  { id: 'node2', name: 'node2' },
  { id: 'node3', name: 'node3' },
];

const CP_ONLY = new Set(['images', 'init', 'cni']);
const WORKER_ONLY = new Set(['join']);

export function sampleCells(now: number): CellMap {
  const cells: Record<string, { status: CellStatus; durationMs?: number; startedAt?: number }> = {};
  STEPS.forEach((step, i) => {
    for (const node of NODES) {
      const cp = node.id === 'node1';
      if ((CP_ONLY.has(step.id) && !cp) || (WORKER_ONLY.has(step.id) && cp)) continue;
      let status: CellStatus = 'pending';
      if (i < 4) status = 'ok';
      if (i === 3 && node.id === 'node3') status = 'failed';
      if (i > 3 && node.id === 'node3') status = 'blocked';
      if (i === 4 && node.id !== 'node3') status = 'ok';
      if (i === 5 && cp) status = 'running';
      if (i === 1 && node.id === 'node2') status = 'skipped';
      cells[cellKey(step.id, node.id)] =
        status === 'running'
          ? { status, startedAt: now - 17_000 }
          : status === 'ok' || status === 'failed'
            ? { status, durationMs: 800 + ((i * 7919 + node.id.length * 104_729) % 90_000) }
            : { status };
    }
  });
  return cells;
}

export const MACHINES: TopologyMachine[] = [
  { id: 'node1', name: 'node1', role: 'control-plane', address: '10.10.0.11', state: 'installing' },
  { id: 'node2', name: 'node2', role: 'worker', address: '10.10.0.12', state: 'reachable' },
  { id: 'node3', name: 'node3', role: 'worker', address: '10.10.0.13', state: 'failed' },
];

export const NETWORK: TopologyNetwork = {
  endpoint: '10.10.0.11:6443',
  podCidr: '10.244.0.0/16',
  serviceCidr: '10.96.0.0/12',
};

export const LINKS: TopologyLink[] = [
  { from: 'node2', to: 'node3', status: 'failed', label: 'timeout' },
];

export const LOG_LINES = [
  '+ apt-get install -y containerd.io',
  'Reading package lists...',
  'Building dependency tree...',
  'Reading state information...',
  'E: Unable to locate package containerd.io',
  '+ exit 100',
];

/**
 * The checklist at the UI-scale benchmark's size (100 nodes × 25 steps), for the windowing tests:
 * steps `s01`…`s25`, nodes `node001`…`node100`, every cell pending.
 */
export const LARGE_STEPS = Array.from({ length: 25 }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  return { id: `s${n}`, label: `${STEPS[i % STEPS.length]?.label ?? 'Step'} (${n})` };
});
export const LARGE_NODES = Array.from({ length: 100 }, (_, i) => {
  const id = `node${String(i + 1).padStart(3, '0')}`;
  return { id, name: id };
});

export function largeCells(): CellMap {
  const cells: Record<string, { status: CellStatus }> = {};
  for (const step of LARGE_STEPS) {
    for (const node of LARGE_NODES) cells[cellKey(step.id, node.id)] = { status: 'pending' };
  }
  return cells;
}
