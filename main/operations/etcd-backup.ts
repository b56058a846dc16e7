import { BackupEtcdParamsSchema, type BackupEtcdParams } from '../../common/etcd/etcdOperations';
import { AppError } from '../../common/model/appError';
import { BACKUP_ETCD_STEPS } from '../etcd/backupSteps';
import { firstControlPlane } from '../steps/plan';
import { projectSnapshotFolder } from './etcdFolder';
import type { OperationDef, OperationTarget } from './operation';

/** The control plane a backup or a restore runs on: the first (single stacked member). */
export function etcdNode(target: OperationTarget, what: string): string {
  const cp = firstControlPlane(target.nodes);
  if (!cp)
    throw new AppError({
      code: 'no_control_plane',
      field: 'nodes',
      message: `The project has no control-plane node to ${what} on.`,
    });
  return cp.id;
}

/**
 * Back up the cluster's etcd: a snapshot on the first control plane, checked there, downloaded
 * into the snapshots folder beside the project, checked again and recorded in its list.
 */
export const backupEtcdOperation: OperationDef<BackupEtcdParams> = {
  id: 'backup-etcd',
  params: BackupEtcdParamsSchema,
  resolve: (p, _target, host) => projectSnapshotFolder('backup-etcd', p, host),
  steps: () => BACKUP_ETCD_STEPS,
  nodes: (_p, target) => [etcdNode(target, 'take an etcd snapshot')],
  concurrency: 1,
};
