import type { Handlers } from '../api/handlers';
import type { EventBus } from '../api/eventBus';
import { backupEtcd, type BackupDeps } from '../etcd/backupService';
import { readSnapshotIndex, snapshotFolder } from '../etcd/snapshotStore';
import { restoreEtcd, type RestoreDeps } from '../etcd/restoreService';
import { AppError } from '../../common/model/appError';
import { downloadToFile, uploadFromFile } from '../ssh/sftp';
import type { ProjectStore } from '../store/projectStore';
import type { NodesContext } from './nodesContext';

/** The machine side of a backup over one session's SSH pool (the CLI uses it too). */
export function sshBackupMachines(
  nodes: Pick<NodesContext, 'remote' | 'pool'>,
): Pick<BackupDeps, 'remoteFor' | 'fetch'> {
  return {
    remoteFor: (node) => nodes.remote(node.id),
    async fetch(node, remotePath, localPath, onBytes) {
      const lease = await nodes.pool.acquire(node.id);
      try {
        await downloadToFile(lease, remotePath, localPath, onBytes);
      } finally {
        lease.release();
      }
    },
  };
}

/** The machine side of a restore: exec and an SFTP upload over the session's pool. */
export function sshRestoreMachines(
  nodes: Pick<NodesContext, 'remote' | 'pool'>,
): Pick<RestoreDeps, 'remoteFor' | 'put'> {
  return {
    remoteFor: (node) => nodes.remote(node.id),
    async put(node, localPath, remotePath) {
      const lease = await nodes.pool.acquire(node.id);
      try {
        await uploadFromFile(lease, localPath, remotePath);
      } finally {
        lease.release();
      }
    },
  };
}

/** etcd backups of the open project (common/contracts/etcd.ts). */
export function createEtcdHandlers(
  nodes: NodesContext,
  bus: EventBus,
  store: ProjectStore,
): Pick<Handlers, 'etcd.backup' | 'etcd.list' | 'etcd.restore'> {
  return {
    'etcd.backup': () =>
      backupEtcd({
        project: store.get(),
        projectFile: store.path(),
        ...sshBackupMachines(nodes),
        onProgress: (p) => bus.emit('etcd.backupProgress', p),
      }),
    'etcd.list': async () => {
      const file = store.path();
      if (!file) return { snapshots: [] };
      const folder = snapshotFolder(file);
      return { folder, snapshots: (await readSnapshotIndex(folder)).snapshots };
    },
    'etcd.restore': async ({ file, confirm }) => {
      const project = store.get();
      if (confirm !== project.plan.clusterName)
        throw new AppError({
          code: 'not_confirmed',
          field: 'confirm',
          message: `Type the cluster name (${project.plan.clusterName}) to confirm the restore.`,
        });
      const out = await restoreEtcd({
        project,
        projectFile: store.path(),
        file,
        ...sshRestoreMachines(nodes),
      });
      return { snapshot: out.snapshot, node: out.node, previousDataDir: out.previousDataDir };
    },
  };
}
