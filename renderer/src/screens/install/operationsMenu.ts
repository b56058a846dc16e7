import {
  offeredOperations,
  type ClusterStatus,
  type OperationId,
  type OperationInfo,
} from '../../../../common/catalog/operations';
import { KUBEADM_RELEASES } from '../../../../common/catalog/releases';
import type { Payload } from '../../../../common/contract';

/**
 * The operations menu's pure parts: what the catalog offers for the cluster as recorded, and the
 * `run.start` each choice sends. The menu lists the catalog's offered operations that have a
 * dialog here (OPERATION_FORMS); the install itself is the toolbar's Install button.
 */
export const OPERATION_FORMS: ReadonlySet<OperationId> = new Set<OperationId>([
  'add-node',
  'upgrade',
  'renew-certs',
  'remove-node',
  'reset-node',
  'reset-cluster',
]);

/** The cluster's record as the back end keeps it (install.state's `state`). */
export interface RecordedCluster {
  /** The recorded install's (or add-node's) outcome; undefined without a record. */
  outcome?: string;
  /** The machines the record has tasks on. */
  nodeIds: readonly string[];
}

/** What the catalog's `offered` reads, from the cluster's record and the inventory. */
export function clusterStatus(
  cluster: RecordedCluster,
  inventoryIds: readonly string[],
): ClusterStatus {
  const inCluster = new Set(cluster.nodeIds);
  return {
    installed: cluster.outcome === 'succeeded' && inCluster.size > 0,
    machinesInCluster: inventoryIds.filter((id) => inCluster.has(id)).length,
    machinesOutsideCluster: inventoryIds.filter((id) => !inCluster.has(id)).length,
  };
}

/** The menu's entries, in the catalog's order. */
export function menuOperations(status: ClusterStatus): OperationInfo[] {
  return offeredOperations(status).filter((o) => OPERATION_FORMS.has(o.id));
}

/** What the user chose in an operation's dialog. */
export type OperationChoice =
  | { operation: 'add-node'; nodeIds: string[] }
  | { operation: 'upgrade'; to: string }
  | { operation: 'renew-certs' }
  | { operation: 'remove-node'; nodeId: string; unreachable: boolean }
  | { operation: 'reset-node'; nodeId: string }
  | { operation: 'reset-cluster' };

/** The `run.start` a choice sends; `confirm` is the cluster name as typed (destructive ones). */
export function runStartOf(choice: OperationChoice, confirm?: string): Payload<'run.start'> {
  const typed = confirm === undefined ? {} : { confirm };
  switch (choice.operation) {
    case 'add-node':
      return { operation: 'add-node', params: { nodeIds: choice.nodeIds } };
    case 'upgrade':
      return { operation: 'upgrade', params: { to: choice.to } };
    case 'renew-certs':
      return { operation: 'renew-certs' };
    case 'remove-node':
      return {
        operation: 'remove-node',
        params: { nodeId: choice.nodeId, ...(choice.unreachable ? { unreachable: true } : {}) },
        ...typed,
      };
    case 'reset-node':
      return { operation: 'reset-node', params: { nodeId: choice.nodeId }, ...typed };
    case 'reset-cluster':
      return { operation: 'reset-cluster', ...typed };
  }
}

/**
 * The versions one upgrade run can reach from `current` (kubeadm upgrades one minor at a time:
 * https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade/ "Skipping MINOR
 * versions when upgrading is unsupported"): newer patches of its minor and every patch of the
 * next minor, newest first, from the release catalog.
 */
export function upgradeTargets(current: string): string[] {
  const [minor, patch] = minorPatch(current.replace(/^v/, ''));
  return KUBEADM_RELEASES.map((r) => r.version)
    .filter((v) => {
      const [m, p] = minorPatch(v);
      return (m === minor && p > patch) || m === minor + 1;
    })
    .sort((a, b) => {
      const [am, ap] = minorPatch(a);
      const [bm, bp] = minorPatch(b);
      return bm - am || bp - ap;
    });
}

function minorPatch(version: string): [number, number] {
  const [, minor = 0, patch = 0] = version.split('.').map(Number);
  return [minor, patch];
}
