import type { SnapshotEntry } from '../etcd/snapshotIndex';
import type { RunState } from '../model/runEvent';
import { RemoveNodeParamsSchema } from '../removal/removeNode';
import type { ReportBackup, ReportRemovedNode } from './model';

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
 * or cancelled one left the machine in). A record whose parameters do not parse is not counted.
 */
export function buildRemovedNodes(runs: readonly RunState[] = []): ReportRemovedNode[] {
  return runs
    .flatMap((run) => {
      if (run.kind !== 'remove-node' || run.outcome !== 'succeeded') return [];
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
