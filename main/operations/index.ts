import type { OperationId } from '../../common/catalog/operations';
import { addNodeOperation } from './add-node';
import { backupEtcdOperation } from './etcd-backup';
import { haFailoverTestOperation } from './ha-failover-test';
import { restoreEtcdOperation } from './etcd-restore';
import { installOperation } from './install';
import type { OperationDef } from './operation';
import { resetClusterOperation } from './reset-cluster';
import { removeNodeOperation } from './remove-node';
import { renewCertsOperation } from './renew-certs';
import { replaceNodeOperation } from './replace-node';
import { resetNodeOperation } from './reset-node';
import { upgradeOperation } from './upgrade';

/**
 * The operations the back end can run, by id. An operation of the catalog without an entry here
 * is not built yet (`built: false` there): the run service refuses it. One line per operation.
 */
export const OPERATION_DEFS: Partial<Record<OperationId, OperationDef>> = {
  install: installOperation as OperationDef,
  'add-node': addNodeOperation as OperationDef,
  'reset-node': resetNodeOperation as OperationDef,
  'reset-cluster': resetClusterOperation as OperationDef,
  upgrade: upgradeOperation as OperationDef,
  'renew-certs': renewCertsOperation as OperationDef,
  'remove-node': removeNodeOperation as OperationDef,
  'backup-etcd': backupEtcdOperation as OperationDef,
  'restore-etcd': restoreEtcdOperation as OperationDef,
  'replace-node': replaceNodeOperation as OperationDef,
  'ha-failover-test': haFailoverTestOperation as OperationDef,
};
