/** The topology's own vocabulary; the Install screen maps the engine's states onto it. */
export const TOPOLOGY_STATES = [
  'unknown',
  'reachable',
  'installing',
  /** A run stopped (cancelled, or the back end went away) part-way through this machine. */
  'stopped',
  'ready',
  'not-ready',
  'failed',
] as const;
export type TopologyState = (typeof TOPOLOGY_STATES)[number];

export interface TopologyMachine {
  id: string;
  name: string;
  role: 'control-plane' | 'worker';
  address: string;
  state: TopologyState;
}

/** A pairwise check between two machines (e.g. pod-to-pod ping), drawn as an edge. */
export interface TopologyLink {
  from: string;
  to: string;
  status: 'pending' | 'ok' | 'failed';
  /** Short text on the edge, e.g. "0.4 ms" or "timeout". */
  label?: string;
}

export interface TopologyNetwork {
  /** host:port the kubelets and kubectl talk to. */
  endpoint: string;
  podCidr: string;
  serviceCidr: string;
}
