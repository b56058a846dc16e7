import { RestoreEtcdParamsSchema, type RestoreEtcdParams } from '../../common/etcd/etcdOperations';
import { AppError } from '../../common/model/appError';
import { RESTORE_ETCD_STEPS } from '../etcd/restoreSteps';
import { projectSnapshotFolder } from './etcdFolder';
import type { OperationDef, OperationTarget } from './operation';

/**
 * Every control plane: with stacked etcd each one holds a member, and etcd's recovery guide
 * restores every member from the same snapshot with one new member list at once (a single
 * control plane is the one-member case of the same path).
 */
export function restoreNodes(target: OperationTarget): string[] {
  const cps = target.nodes.filter((n) => n.role === 'control-plane').map((n) => n.id);
  if (cps.length === 0)
    throw new AppError({
      code: 'no_control_plane',
      field: 'nodes',
      message: 'The project has no control-plane node to restore etcd on.',
    });
  return cps;
}

/**
 * Replace the cluster's etcd data with a listed snapshot (destructive: the run service asks for
 * the cluster name): uploaded to and checked on every control plane, each member restored into
 * a new data directory, then every API server and etcd stopped, the data directories swapped
 * (the old ones kept), everything started, and the member list and API server waited for.
 * restoreSteps.ts orders the phases across the control planes.
 */
export const restoreEtcdOperation: OperationDef<RestoreEtcdParams> = {
  id: 'restore-etcd',
  params: RestoreEtcdParamsSchema,
  resolve: (p, _target, host) => projectSnapshotFolder('restore-etcd', p, host),
  steps: (_p, target) => {
    restoreNodes(target);
    return RESTORE_ETCD_STEPS;
  },
  nodes: (_p, target) => restoreNodes(target),
};
