import { z } from 'zod';
import { resolveVersion } from '../catalog/images';
import type { RunState, TaskState } from '../model/runEvent';
import { UpgradeRunParamsSchema } from './runParams';

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

export const NODE_HOP_STATUSES = [
  /** Its kubelet runs the hop's version. */
  'upgraded',
  /** Its turn has not come (or was not reached because an earlier turn stopped). */
  'pending',
  /** Its turn stopped because kubelab could not reach it (SSH): nothing of that step ran there. */
  'unreachable',
  /** Its turn stopped on a step's failure. */
  'failed',
  /** A PodDisruptionBudget blocked its drain and the run was told to skip it (drainBlocked). */
  'drain-skipped',
] as const;
export type NodeHopStatus = (typeof NODE_HOP_STATUSES)[number];

export const NodeHopStateSchema = z.object({
  nodeId: z.string(),
  /** The Kubernetes version its kubelet runs: the hop's once upgraded, else the one before. */
  version: z.string(),
  status: z.enum(NODE_HOP_STATUSES),
  /** The step where its turn stopped (unreachable, failed, drain-skipped). */
  stepId: z.string().optional(),
  /** The stop's message (the SSH layer's or the step's own wording). */
  message: z.string().optional(),
});
export type NodeHopState = z.infer<typeof NodeHopStateSchema>;

/** A hop run that did not finish: which node is on which version, and where it stopped. */
export const UnfinishedHopSchema = z.object({
  runId: z.string(),
  /** The version the project records (every node was on it when the hop began). */
  from: z.string(),
  hop: z.string(),
  outcome: z.enum(['failed', 'cancelled', 'interrupted']),
  nodes: z.array(NodeHopStateSchema),
});
export type UnfinishedHop = z.infer<typeof UnfinishedHopSchema>;

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

/**
 * The newest upgrade run when it is a hop that did not finish (failed, cancelled, or interrupted:
 * no outcome), with each node's place; undefined when the last hop finished (the project then
 * records its version), when the last run was the Docker → containerd migration, or none ran.
 * `from` is the project's version: a hop's record counts only while the project has not moved on.
 */
export function unfinishedHop(
  runs: readonly RunState[],
  projectVersion: string,
  nodeIds: readonly string[],
): UnfinishedHop | undefined {
  const last = runs
    .filter((r) => r.kind === 'upgrade')
    .reduce<RunState | undefined>(
      (best, r) => (!best || r.startedAt > best.startedAt ? r : best),
      undefined,
    );
  if (!last || last.outcome === 'succeeded') return undefined;
  const params = UpgradeRunParamsSchema.safeParse(last.params);
  if (!params.success || params.data.migrateRuntime) return undefined;
  const from = resolveVersion(projectVersion)?.version ?? projectVersion;
  const hop = resolveVersion(params.data.to)?.version ?? params.data.to;
  if (hop === from) return undefined;
  return {
    runId: last.runId,
    from,
    hop,
    outcome: last.outcome ?? 'interrupted',
    nodes: hopNodeStates(last.tasks, nodeIds, from, hop),
  };
}
