import { classify } from '../../common/diagnosis';
import type { TaskDiagnosis } from '../../common/model/runEvent';
import { collectEvidence, type EvidenceNode, type EvidencePeer } from '../evidence/collect';
import { redact } from './redact';
import type { Remote } from './remote';
import type { JournalKind } from './step';

/** How long a journal may take to arrive; a slow or dead node must not hold the run up. */
export const JOURNAL_TIMEOUT_MS = 8_000;

export const KUBELET_JOURNAL = 'journalctl -u kubelet -n 200 --no-pager';

/** The runtime's journal command for a plan (`runtime: docker | containerd`), if any. */
export function runtimeJournal(plan: unknown): string {
  const runtime =
    typeof plan === 'object' && plan !== null && 'runtime' in plan ? plan.runtime : undefined;
  return runtime === 'docker'
    ? 'journalctl -u docker -n 200 --no-pager'
    : 'journalctl -u containerd -n 200 --no-pager';
}

/**
 * The read-only commands whose output is classified along with a failed step's output: the
 * journals the step declares (Step.diagnosisJournals), the kubelet's when it declares none. The
 * engine knows no step by name.
 */
export function journalsFor(kinds: readonly JournalKind[] | undefined, plan: unknown): string[] {
  return (kinds ?? ['kubelet']).map((kind) =>
    kind === 'kubelet' ? KUBELET_JOURNAL : runtimeJournal(plan),
  );
}

export interface FailureInput {
  /** The journals the failed step declares (Step.diagnosisJournals). */
  journals?: readonly JournalKind[];
  /** The failed step's output tail (already redacted) and its error message. */
  output: string;
  plan: unknown;
  /** The failed node's connection; absent or failing: only the output is classified. */
  remote?: () => Promise<Remote>;
  timeoutMs?: number;
  /**
   * The failed machine and the run's others: with them, the evidence collector (main/evidence)
   * also reads containers, firewalls and API reachability, and may prove the root cause.
   */
  node?: EvidenceNode;
  peers?: readonly EvidencePeer[];
}

export type Diagnose = (input: FailureInput) => Promise<TaskDiagnosis | undefined>;

/** `cmd`'s stdout, or '' when the node cannot answer in time (never throws). */
async function readOnly(remote: Remote, command: string, ms: number): Promise<string> {
  const signal = AbortSignal.timeout(ms);
  const timedOut = new Promise<string>((resolve) =>
    signal.addEventListener('abort', () => resolve(''), { once: true }),
  );
  const run = remote
    .exec(`${command} 2>/dev/null`, { root: true, timeoutMs: ms, signal })
    .then((r) => r.stdout)
    .catch(() => '');
  return Promise.race([run, timedOut]);
}

/**
 * Classifies a failed task: its output tail, then the node's kubelet journal (and the runtime's
 * where the step involves it), each on its own so an evidence line number means a line of that
 * text. The best-scoring diagnosis wins; the step's output wins ties (it is what failed).
 * Never throws: a journal that cannot be read is simply not classified.
 */
export const diagnoseFailure: Diagnose = async (input) => {
  const sources: { source: string; text: string }[] = [
    { source: 'step output', text: input.output },
  ];
  const connect = input.remote;
  const evidence =
    connect && input.node
      ? collectEvidence({
          node: input.node,
          remote: connect,
          peers: input.peers ?? [],
          bindPort: bindPortOf(input.plan),
        }).catch(() => undefined)
      : Promise.resolve(undefined);
  if (connect) {
    const ms = input.timeoutMs ?? JOURNAL_TIMEOUT_MS;
    try {
      const remote = await withTimeout(connect(), ms);
      const commands = journalsFor(input.journals, input.plan);
      const texts = await Promise.all(commands.map((c) => readOnly(remote, c, ms)));
      commands.forEach((c, i) => sources.push({ source: c, text: redact(texts[i] ?? '') }));
    } catch {
      // No connection: the output alone is classified.
    }
  }
  const collected = await evidence;
  // A cause two observations prove (a blocking rule and failed connections) leads.
  if (collected?.rootCause) return collected.rootCause;
  sources.push(...(collected?.sources ?? []));
  let best: TaskDiagnosis | undefined;
  for (const { source, text } of sources) {
    if (!text.trim()) continue;
    const top = classify(text).diagnoses[0];
    if (top && (!best || top.score > best.score)) best = { ...top, source };
  }
  return best;
};

/** The API server's port on the control planes (plan.bindPort; kubeadm's default 6443). */
function bindPortOf(plan: unknown): number {
  const port =
    typeof plan === 'object' && plan !== null && 'bindPort' in plan ? plan.bindPort : undefined;
  return typeof port === 'number' ? port : 6443;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    handle = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(handle));
}
