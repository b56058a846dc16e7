import {
  portBlockedDiagnosis,
  type FirewallState,
  type PortReachability,
} from '../../common/diagnosis/evidence/portBlocked';
import type { NodeRole } from '../../common/model/node';
import type { TaskDiagnosis } from '../../common/model/runEvent';
import { redact } from '../engine/redact';
import type { Remote } from '../engine/remote';
import { probeApi, reachabilityText, type ApiTarget } from './apiReachability';
import { containerEvidence } from './containers';
import { firewallState } from './firewall';
import { within } from './readOnly';

/** What the collector needs to know of a machine (a NodeSpec has it). */
export interface EvidenceNode {
  id: string;
  name: string;
  address: string;
  role: NodeRole;
}

export interface EvidencePeer {
  node: EvidenceNode;
  remote: () => Promise<Remote>;
}

export interface EvidenceInput {
  node: EvidenceNode;
  remote: () => Promise<Remote>;
  /** The run's other machines: the API is probed from them too, control planes' firewalls read. */
  peers: readonly EvidencePeer[];
  /** The API server's port on every control plane (the plan's bindPort). */
  bindPort: number;
  budgetMs?: number;
}

export interface CollectedEvidence {
  /** Each command's output, redacted, to be classified on its own. */
  sources: { source: string; text: string }[];
  /** The root cause, when two observations prove it (see portBlockedDiagnosis). */
  rootCause?: TaskDiagnosis;
}

/**
 * The budget is 5 s per failed node (bench/evidence.bench.ts); this leaves room for the
 * classification. Every read runs at once and a node that does not answer in time is skipped.
 */
export const EVIDENCE_BUDGET_MS = 4_500;

/** Other machines asked for their view of the API: every control plane and a few workers. */
const MAX_WORKER_PEERS = 2;

function askedPeers(peers: readonly EvidencePeer[]): EvidencePeer[] {
  const cps = peers.filter((p) => p.node.role === 'control-plane');
  const workers = peers.filter((p) => p.node.role !== 'control-plane').slice(0, MAX_WORKER_PEERS);
  return [...cps, ...workers];
}

interface NodeFindings {
  sources: { source: string; text: string }[];
  probes: PortReachability[];
  firewalls: FirewallState[];
}

const NOTHING: NodeFindings = { sources: [], probes: [], firewalls: [] };

async function fromNode(
  node: EvidenceNode,
  connect: () => Promise<Remote>,
  targets: readonly ApiTarget[],
  opts: { containers: boolean; firewall: boolean },
  deadline: number,
): Promise<NodeFindings> {
  const remote = await within(connect(), deadline - Date.now());
  const ms = deadline - Date.now();
  if (ms <= 0) return NOTHING;
  const [containers, firewalls, probes] = await Promise.all([
    opts.containers ? containerEvidence(remote, ms) : Promise.resolve([]),
    opts.firewall ? firewallState(node.name, remote, ms) : Promise.resolve([]),
    probeApi(node.name, remote, targets, ms),
  ]);
  const sources = [
    ...containers,
    ...firewalls.map((f) => ({ source: `${f.source} on ${node.name}`, text: f.text })),
  ];
  return { sources, probes, firewalls };
}

/**
 * Gathers, after a failed task, what an admin would look at (issue 18 item 4): the failed node's
 * containers (`crictl ps -a`, exited ones' logs) and firewall, API reachability from the failed
 * node and from the others, the control planes' firewalls; then names the root cause when the
 * evidence proves one. The journals and the step's own output are read by the engine's diagnose.
 * Never throws; within EVIDENCE_BUDGET_MS whatever the nodes do.
 */
export async function collectEvidence(input: EvidenceInput): Promise<CollectedEvidence> {
  const deadline = Date.now() + (input.budgetMs ?? EVIDENCE_BUDGET_MS);
  const peers = askedPeers(input.peers);
  const targets: ApiTarget[] = [input.node, ...peers.map((p) => p.node)]
    .filter((n) => n.role === 'control-plane')
    .map((n) => ({ node: n.name, address: n.address, port: input.bindPort }));
  const failed = fromNode(
    input.node,
    input.remote,
    targets,
    { containers: true, firewall: true },
    deadline,
  );
  const others = peers.map((p) =>
    fromNode(
      p.node,
      p.remote,
      targets,
      { containers: false, firewall: p.node.role === 'control-plane' },
      deadline,
    ),
  );
  const settled = await Promise.all([failed, ...others].map((f) => f.catch(() => NOTHING)));
  const probes = settled.flatMap((s) => s.probes);
  const firewalls = settled.flatMap((s) => s.firewalls);
  const sources = settled.flatMap((s) => s.sources);
  if (probes.length > 0)
    sources.push({ source: 'API reachability', text: reachabilityText(probes) });
  const rootCause = portBlockedDiagnosis(input.node.name, probes, firewalls);
  return {
    sources: sources.map((s) => ({ source: s.source, text: redact(s.text) })),
    ...(rootCause ? { rootCause } : {}),
  };
}
