import {
  offeredOperations,
  type ClusterStatus,
  type OperationId,
  type OperationInfo,
} from '../../../../common/catalog/operations';
import { KUBEADM_RELEASES } from '../../../../common/catalog/releases';
import type { Payload } from '../../../../common/contract';
import type { LocalizedText } from '../../../../common/model/diagnosis';
import { runsRuntimeMigration } from '../../../../common/upgrade/runtimeGate';
import type { UpgradePlan } from '../../../../common/upgrade/schema';
import type { DrainBlocked } from '../../../../common/upgrade/runParams';

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
  'replace-node',
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

/** The spares a replacement of `old` may use: machines outside the cluster with its role. */
export function sparesFor<N extends { id: string; role?: string }>(
  old: { role?: string } | undefined,
  newcomers: readonly N[],
): N[] {
  return old ? newcomers.filter((n) => n.role === old.role) : [];
}

/** The menu's entries, in the catalog's order. */
export function menuOperations(status: ClusterStatus): OperationInfo[] {
  return offeredOperations(status).filter((o) => OPERATION_FORMS.has(o.id));
}

/** What the user chose in an operation's dialog. */
export type OperationChoice =
  | { operation: 'add-node'; nodeIds: string[]; removeStaleEtcdMembers?: boolean }
  | {
      operation: 'upgrade';
      to: string;
      batch: number;
      snapshot: boolean;
      /** Omitted: wait, the default. */
      drainBlocked?: DrainBlocked;
    }
  | { operation: 'renew-certs' }
  | { operation: 'remove-node'; nodeId: string; unreachable: boolean }
  | { operation: 'reset-node'; nodeId: string }
  | { operation: 'reset-cluster' }
  | { operation: 'replace-node'; oldNodeId: string; newNodeId: string; unreachable: boolean };

/** The `run.start` a choice sends; `confirm` is the cluster name as typed (destructive ones). */
export function runStartOf(choice: OperationChoice, confirm?: string): Payload<'run.start'> {
  const typed = confirm === undefined ? {} : { confirm };
  switch (choice.operation) {
    case 'add-node':
      // The stale-member confirmation only when given, as `kubelab add-node` sends it.
      return {
        operation: 'add-node',
        params: {
          nodeIds: choice.nodeIds,
          ...(choice.removeStaleEtcdMembers === true ? { removeStaleEtcdMembers: true } : {}),
        },
      };
    case 'upgrade':
      // As `kubelab upgrade --to V --yes` sends it (batch only when not the default 1, the
      // snapshot's "no" only when unticked), so a run killed in one face resumes from the other.
      return {
        operation: 'upgrade',
        params: {
          to: choice.to,
          ...(choice.batch > 1 ? { batch: choice.batch } : {}),
          snapshot: choice.snapshot,
          ...(choice.drainBlocked === 'force' || choice.drainBlocked === 'skip'
            ? { drainBlocked: choice.drainBlocked }
            : {}),
        },
      };
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
    case 'replace-node':
      // As `kubelab replace-node OLD NEW --yes [--unreachable]` sends it: a run cut short in one
      // face resumes from the other.
      return {
        operation: 'replace-node',
        params: {
          oldNodeId: choice.oldNodeId,
          newNodeId: choice.newNodeId,
          ...(choice.unreachable ? { unreachable: true } : {}),
        },
        ...typed,
      };
  }
}

/**
 * The targets the Upgrade dialog offers: every release newer than `current` that an upgrade
 * ends on — the newest patch of the current minor (when newer) and of each newer minor in the
 * catalog — next first. A target several minors away takes one run per hop (kubeadm upgrades
 * one minor at a time: https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade/
 * "Skipping MINOR versions when upgrading is unsupported"); the dialog shows this run's hop.
 */
export function upgradeTargets(current: string): string[] {
  const [minor, patch] = minorPatch(current.replace(/^v/, ''));
  const newest = new Map<number, number>();
  for (const r of KUBEADM_RELEASES) {
    const [m, p] = minorPatch(r.version);
    if (m >= minor && p > (newest.get(m) ?? -1)) newest.set(m, p);
  }
  return [...newest]
    .filter(([m, p]) => m > minor || p > patch)
    .sort(([a], [b]) => a - b)
    .map(([m, p]) => `1.${m}.${p}`);
}

/** What one node goes through in its turn, as the dialog says it (operations.upgradeDowntime.*). */
export type TurnDowntime = 'apply' | 'controlPlane' | 'worker';

export interface UpgradeTurn {
  nodeId: string;
  name: string;
  downtime: TurnDowntime;
  /** Workers: the batch it is drained with. */
  batch?: number;
  /** Its kubelet is on the hop already: nothing changes there. */
  alreadyDone: boolean;
}

/**
 * A run that is the Docker → containerd migration planned before the hop into 1.24
 * (main/operations/upgrade.ts nextHop): the cluster stays on its version, each node's runtime
 * changes, and the hop itself is the next run.
 */
export interface RuntimeMigrationSummary {
  actions: LocalizedText[];
  downtime?: LocalizedText;
}

/** The Upgrade dialog's account of a run: its hop, the hops after it, each node's turn. */
export interface UpgradeRunSummary {
  from: string;
  hop: string;
  target: string;
  /** Set when this run changes the runtime instead of making the hop (the hop is the next run). */
  migration?: RuntimeMigrationSummary;
  /** Hops after this run (each one more run). */
  remaining: number;
  turns: UpgradeTurn[];
}

/** One run makes the plan's first hop only (main/operations/upgrade.ts nextHop). */
export function upgradeRunSummary(plan: UpgradePlan): UpgradeRunSummary | undefined {
  const [first] = plan.hops;
  if (!first) return undefined;
  const migrate = runsRuntimeMigration(first)
    ? first.runtime.find((step) => step.kind === 'migrate')
    : undefined;
  return {
    ...(migrate
      ? {
          migration: {
            actions: migrate.actions ?? [],
            ...(migrate.downtime ? { downtime: migrate.downtime } : {}),
          },
        }
      : {}),
    from: plan.current,
    hop: first.to,
    target: plan.target,
    remaining: plan.hops.length - 1,
    turns: [...first.nodes]
      .sort((a, b) => a.phase - b.phase)
      .map((n) => ({
        nodeId: n.nodeId,
        name: n.name,
        downtime:
          n.action === 'upgrade-apply'
            ? 'apply'
            : n.role === 'control-plane'
              ? 'controlPlane'
              : 'worker',
        ...(n.batch === undefined ? {} : { batch: n.batch }),
        alreadyDone: n.alreadyDone,
      })),
  };
}

function minorPatch(version: string): [number, number] {
  const [, minor = 0, patch = 0] = version.split('.').map(Number);
  return [minor, patch];
}
