import type { SnapshotEntry } from '../../common/etcd/snapshotIndex';
import type { RunState } from '../../common/model/runEvent';
import { readSnapshotIndex, snapshotFolder } from '../etcd/snapshotStore';
import { readRecords, runRecordsDir } from '../store/runRecords';
import type { ReportDeps } from './collect';

/**
 * The report's day-two sources, read beside the project file: the snapshots index
 * (`<project>.snapshots/index.json`) and the run records (`<project>.runs/`), with the cluster's
 * record (the project's run section) when a replace-node run is it: that operation is recorded
 * there, not beside the project (main/operations/replace-node.ts). Neither fails the report: an
 * unsaved project has none, and a damaged index shows as no backup.
 */
export function dayTwoReportSources(
  projectFile: () => string | undefined,
  runs?: () => Promise<readonly RunState[]>,
  clusterRecord?: () => RunState | undefined,
): Pick<ReportDeps, 'snapshots' | 'runs'> {
  const own =
    runs ??
    (async (): Promise<readonly RunState[]> => {
      const file = projectFile();
      return file ? readRecords(runRecordsDir(file)) : [];
    });
  return {
    snapshots: async (): Promise<readonly SnapshotEntry[]> => {
      const file = projectFile();
      if (!file) return [];
      return (
        (await readSnapshotIndex(snapshotFolder(file)).catch(() => undefined))?.snapshots ?? []
      );
    },
    runs: async (): Promise<readonly RunState[]> => {
      const cluster = clusterRecord?.();
      const recorded = await own();
      return cluster?.kind === 'replace-node' ? [...recorded, cluster] : recorded;
    },
  };
}
