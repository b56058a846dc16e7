import type { Handlers } from '../api/handlers';
import type { EventBus } from '../api/eventBus';
import { backupEtcd, type BackupDeps } from '../etcd/backupService';
import { readSnapshotIndex, snapshotFolder } from '../etcd/snapshotStore';
import { downloadToFile } from '../ssh/sftp';
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

/** etcd backups of the open project (common/contracts/etcd.ts). */
export function createEtcdHandlers(
  nodes: NodesContext,
  bus: EventBus,
  store: ProjectStore,
): Pick<Handlers, 'etcd.backup' | 'etcd.list'> {
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
  };
}
