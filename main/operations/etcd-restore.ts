import { RestoreEtcdParamsSchema, type RestoreEtcdParams } from '../../common/etcd/etcdOperations';
import { AppError } from '../../common/model/appError';
import { RESTORE_ETCD_STEPS } from '../etcd/restoreSteps';
import { etcdNode } from './etcd-backup';
import { projectSnapshotFolder } from './etcdFolder';
import type { OperationDef, OperationTarget } from './operation';

/**
 * One stacked member only: an HA cluster's restore must restore every member with a new member
 * list at once (etcd's recovery guide), which is not built; refused before anything runs.
 */
function singleControlPlane(target: OperationTarget): string {
  const cps = target.nodes.filter((n) => n.role === 'control-plane');
  if (cps.length > 1)
    throw new AppError({
      code: 'restore_ha_unsupported',
      field: 'nodes',
      message: `The cluster has ${cps.length} control planes; kubelab restores a single stacked etcd member only (rebuilding an HA member list is not built yet).`,
    });
  return etcdNode(target, 'restore etcd');
}

/**
 * Replace the cluster's etcd data with a listed snapshot (destructive: the run service asks for
 * the cluster name): uploaded and checked, restored with the node's tool while the static pods
 * are stopped, the old data directory kept, then etcd and the API server waited for.
 */
export const restoreEtcdOperation: OperationDef<RestoreEtcdParams> = {
  id: 'restore-etcd',
  params: RestoreEtcdParamsSchema,
  resolve: (p, _target, host) => projectSnapshotFolder('restore-etcd', p, host),
  steps: (_p, target) => {
    singleControlPlane(target);
    return RESTORE_ETCD_STEPS;
  },
  nodes: (_p, target) => [singleControlPlane(target)],
  concurrency: 1,
};
