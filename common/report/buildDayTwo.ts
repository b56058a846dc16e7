import type { SnapshotEntry } from '../etcd/snapshotIndex';
import type { RunState } from '../model/runEvent';
import { RemoveNodeParamsSchema } from '../removal/removeNode';
import { hopNodeStates, leftBehind } from '../upgrade/hopProgress';
import { ReplaceNodeParamsSchema } from '../removal/replaceNode';
import { UpgradeRunParamsSchema } from '../upgrade/runParams';
import type { ReportBackup, ReportRemovedNode, ReportUpgradeRun } from './model';

/** The newest snapshot by the time it was taken; null when there is none. */
export function buildLastBackup(snapshots: readonly SnapshotEntry[] = []): ReportBackup | null {
  const newest = snapshots.reduce<SnapshotEntry | undefined>(
    (best, s) => (!best || Date.parse(s.time) > Date.parse(best.time) ? s : best),
    undefined,
  );
  if (!newest) return null;
  const { file, time, revision, size, sha256, etcdVersion, kubernetesVersion, node } = newest;
  return { file, time, revision, size, sha256, etcdVersion, kubernetesVersion, node };
}

/**
 * The machines removed from the cluster, oldest first: remove-node runs that succeeded (a failed
 * or cancelled one left the machine in), and replace-node runs that succeeded (the old machine,
 * with the spare that took its place; recorded as the cluster's record). A record whose
 * parameters do not parse is not counted; a run seen twice (its own record and the cluster's)
 * counts once.
 */
export function buildRemovedNodes(runs: readonly RunState[] = []): ReportRemovedNode[] {
  const seen = new Set<string>();
  return runs
    .filter((run) => !seen.has(run.runId) && seen.add(run.runId))
    .flatMap((run): ReportRemovedNode[] => {
      if (run.outcome !== 'succeeded') return [];
      if (run.kind === 'replace-node') {
        const replaced = ReplaceNodeParamsSchema.safeParse(run.params);
        if (!replaced.success) return [];
        return [
          {
            nodeId: replaced.data.oldNodeId,
            at: run.finishedAt ?? run.startedAt,
            unreachable: replaced.data.unreachable === true,
            runId: run.runId,
            replacedBy: replaced.data.newNodeId,
          },
        ];
      }
      if (run.kind !== 'remove-node') return [];
      const params = RemoveNodeParamsSchema.safeParse(run.params);
      if (!params.success) return [];
      return [
        {
          nodeId: params.data.nodeId,
          at: run.finishedAt ?? run.startedAt,
          unreachable: params.data.unreachable === true,
          runId: run.runId,
        },
      ];
    })
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/**
 * The cluster's upgrade history, oldest first: every recorded upgrade run with its target, how it
 * ended, for a failed one the node and step it stopped at, and the nodes it left on their version
 * and why (unreachable, drain skipped) — what an admin reads before the next hop. A record whose parameters do not parse is not counted.
 */
export function buildUpgradeHistory(runs: readonly RunState[] = []): ReportUpgradeRun[] {
  return runs
    .flatMap((run): ReportUpgradeRun[] => {
      if (run.kind !== 'upgrade') return [];
      const params = UpgradeRunParamsSchema.safeParse(run.params);
      if (!params.success) return [];
      const failed = run.tasks.find((t) => t.status === 'failed');
      const nodeIds = [...new Set(run.tasks.map((t) => t.nodeId))];
      // Versions are not shown here (the record holds the hop, not the version before it).
      const behind = leftBehind(hopNodeStates(run.tasks, nodeIds, '', params.data.to)).map((s) => ({
        nodeId: s.nodeId,
        reason: s.status === 'unreachable' ? ('unreachable' as const) : ('drain-skipped' as const),
        stepId: s.stepId ?? '',
      }));
      return [
        {
          runId: run.runId,
          startedAt: run.startedAt,
          ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
          to: params.data.to.trim(),
          outcome: run.outcome ?? 'interrupted',
          ...(failed && run.outcome === 'failed'
            ? { stoppedAt: { nodeId: failed.nodeId, stepId: failed.stepId } }
            : {}),
          ...(behind.length > 0 ? { leftBehind: behind } : {}),
        },
      ];
    })
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}
