import type { TaskState } from '../model/runEvent';

/**
 * Where each node of one hop stands, from the hop run's tasks (its record, or the run-started
 * event of a resumed run plus the task states since): which version each kubelet runs and, for a
 * node the hop did not reach, why. What a failed or half-done hop says to the person, the CLI and
 * the report alike (issue 20: "the run's state says exactly which nodes are on which version").
 */

/** The SSH layer's codes for a node it could not reach or lost (main/ssh/errors.ts). */
const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'unreachable',
  'timeout',
  'refused',
  'connection_lost',
]);

/**
 * The output upgrade-drain records for a node whose drain a PodDisruptionBudget blocked with
 * `drainBlocked: skip` (main/steps/upgrade-drain.ts): the node stays on its version for this run.
 */
export const DRAIN_SKIPPED_OUTPUT = 'upgradeSkipped';

/** The step after which a node's kubelet runs the hop's version (kubeadm's documented order). */
const KUBELET_STEP = 'upgrade-kubelet';

export type NodeHopStatus =
  /** Its kubelet runs the hop's version. */
  | 'upgraded'
  /** Its turn has not come (or was not reached because an earlier turn stopped). */
  | 'pending'
  /** Its turn stopped because kubelab could not reach it (SSH): nothing of that step ran there. */
  | 'unreachable'
  /** Its turn stopped on a step's failure. */
  | 'failed'
  /** A PodDisruptionBudget blocked its drain and the run was told to skip it (drainBlocked). */
  | 'drain-skipped';

export interface NodeHopState {
  nodeId: string;
  /** The Kubernetes version its kubelet runs: the hop's once upgraded, else the one before. */
  version: string;
  status: NodeHopStatus;
  /** The step where its turn stopped (unreachable, failed, drain-skipped). */
  stepId?: string;
  /** The stop's message (the SSH layer's or the step's own wording). */
  message?: string;
}

export type HopTask = Pick<TaskState, 'stepId' | 'nodeId' | 'status' | 'error' | 'outputs'>;

const finished = (t: HopTask): boolean => t.status === 'done' || t.status === 'already-done';

/** Every node of the hop `from → hop`, in the order given, from the run's tasks. */
export function hopNodeStates(
  tasks: readonly HopTask[],
  nodeIds: readonly string[],
  from: string,
  hop: string,
): NodeHopState[] {
  return nodeIds.map((nodeId): NodeHopState => {
    const mine = tasks.filter((t) => t.nodeId === nodeId);
    const drain = mine.find((t) => t.stepId === 'upgrade-drain');
    if (drain && finished(drain) && drain.outputs?.[DRAIN_SKIPPED_OUTPUT] !== undefined) {
      return { nodeId, version: from, status: 'drain-skipped', stepId: drain.stepId };
    }
    const kubelet = mine.find((t) => t.stepId === KUBELET_STEP);
    if (kubelet && finished(kubelet)) return { nodeId, version: hop, status: 'upgraded' };
    const failed = mine.find((t) => t.status === 'failed');
    if (failed) {
      const unreachable = failed.error !== undefined && UNREACHABLE_CODES.has(failed.error.code);
      return {
        nodeId,
        version: from,
        status: unreachable ? 'unreachable' : 'failed',
        stepId: failed.stepId,
        ...(failed.error ? { message: failed.error.message } : {}),
      };
    }
    return { nodeId, version: from, status: 'pending' };
  });
}

/** The nodes a hop left on their version and why (unreachable or a drain it was told to skip). */
export function leftBehind(states: readonly NodeHopState[]): NodeHopState[] {
  return states.filter((s) => s.status === 'unreachable' || s.status === 'drain-skipped');
}
