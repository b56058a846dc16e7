import type { Handlers } from '../api/handlers';
import type { EventBus } from '../api/eventBus';
import type { BackupProgress } from '../../common/contracts/etcd';
import type { RunEvent } from '../../common/model/runEvent';
import { backedUpBy, previousDataDirsOf, restoreFailure, runFailure } from '../etcd/etcdRuns';
import type { BackupDeps } from '../etcd/backupService';
import { checkedSnapshotIn } from '../etcd/checkedSnapshot';
import { parseProgressLine } from '../etcd/transferLog';
import { runToEnd, type StartRun } from '../etcd/runToEnd';
import { readSnapshotIndex, snapshotFolder } from '../etcd/snapshotStore';
import { AppError } from '../../common/model/appError';
import type { ProjectStore } from '../store/projectStore';
import { projectRunRecords } from '../store/runRecords';
import type { NodesContext } from '../nodes/nodesContext';

/** The machine side of a backup over one session's SSH pool (the upgrade's pre-hop snapshot). */
export function sshBackupMachines(
  nodes: Pick<NodesContext, 'remote' | 'pool'>,
): Pick<BackupDeps, 'remoteFor' | 'fetch'> {
  return {
    remoteFor: (node) => nodes.remote(node.id),
    async fetch(node, remotePath, localPath, onBytes) {
      await nodes.remote(node.id).downloadFile(remotePath, localPath, {
        onProgress: (p) => onBytes(p.transferred, p.total),
      });
    },
  };
}

/** The snapshots folder of the open project; an unsaved project has none. */
function folderOf(store: ProjectStore): string {
  const file = store.path();
  if (!file)
    throw new AppError({
      code: 'project_not_saved',
      message: 'Save the project first: snapshots are kept in a folder beside the project file.',
    });
  return snapshotFolder(file);
}

/** The download's bytes from the etcd-download step's progress lines (main/etcd/transferLog.ts). */
function downloadBytes(event: RunEvent): BackupProgress | undefined {
  if (event.type !== 'log' || event.stepId !== 'etcd-download') return undefined;
  const p = parseProgressLine(event.chunk);
  return p && { phase: 'download', bytes: p.transferred, total: p.total };
}

/** The backup's progress from its run's steps (the bar's phases). */
function backupPhase(event: RunEvent): BackupProgress['phase'] | undefined {
  if (event.type === 'run-finished')
    return event.result.outcome === 'succeeded' ? 'done' : undefined;
  if (event.type !== 'task-state' || event.status !== 'running') return undefined;
  return event.stepId === 'etcd-snapshot' ? 'snapshot' : 'download';
}

/**
 * etcd backups of the open project (common/contracts/etcd.ts). Backup and restore start the
 * backup-etcd and restore-etcd operations through `run.start` (recorded, resumable, a step
 * checklist, the restore's typed cluster name checked by the run service) and answer when the
 * run has finished.
 */
export function createEtcdHandlers(
  bus: EventBus,
  store: ProjectStore,
  startRun: StartRun,
): Pick<Handlers, 'etcd.backup' | 'etcd.list' | 'etcd.restore'> {
  return {
    'etcd.backup': async () => {
      const folder = folderOf(store);
      // A damaged index is refused before the cluster is touched.
      await readSnapshotIndex(folder);
      const result = await runToEnd(
        bus,
        startRun,
        { operation: 'backup-etcd', params: { folder } },
        (event) => {
          const bytes = downloadBytes(event);
          if (bytes) bus.emit('etcd.backupProgress', bytes);
          const phase = backupPhase(event);
          if (phase) bus.emit('etcd.backupProgress', { phase, bytes: 0, total: 0 });
        },
      );
      if (result.outcome !== 'succeeded') throw runFailure(result, 'backup');
      return backedUpBy(folder, result.runId);
    },
    'etcd.list': async () => {
      const file = store.path();
      if (!file) return { snapshots: [] };
      const folder = snapshotFolder(file);
      return { folder, snapshots: (await readSnapshotIndex(folder)).snapshots };
    },
    'etcd.restore': async ({ file, confirm }) => {
      const folder = folderOf(store);
      // Refused before the run when the file is not the one listed: nothing is stopped.
      const snapshot = await checkedSnapshotIn(folder, file);
      const result = await runToEnd(bus, startRun, {
        operation: 'restore-etcd',
        params: { folder, file },
        confirm,
      });
      const runs = await projectRunRecords(store).list();
      if (result.outcome !== 'succeeded') throw restoreFailure(result, runs);
      const restored = previousDataDirsOf(runs, result.runId);
      const first = restored[0];
      return {
        snapshot,
        node: first?.node ?? result.nodes[0]?.nodeId ?? '',
        previousDataDir: first?.previousDataDir ?? '',
        restored,
      };
    },
  };
}
