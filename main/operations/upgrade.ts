import { resolveVersion } from '../../common/catalog/images';
import { newestRelease } from '../../common/catalog/releases';
import type { NodeSpec } from '../../common/model/node';
import { AppError } from '../../common/model/appError';
import { ClusterPlanSchema, type ClusterPlan, type FieldError } from '../../common/model/plan';
import { planUpgrade } from '../../common/upgrade/planUpgrade';
import { runsRuntimeMigration, runtimeMigrationRefusal } from '../../common/upgrade/runtimeGate';
import type { DockerMigration } from '../../common/upgrade/schema';
import { runtimeMigrationSteps, upgradeSteps } from '../steps';
import { UpgradeRunParamsSchema, type UpgradeRunParams } from '../../common/upgrade/runParams';
import type { OperationDef, OperationTarget } from './operation';
import { snapshotBeforeHop } from './upgradeSnapshot';

/**
 * The upgrade: ONE hop per run (kubeadm moves one minor at a time). A start names the user's
 * target (`to`: 1.21 or 1.21.14); `resolve` turns it into this run's hop (nextHop) before anything
 * runs, and the run records and its steps see the hop's exact version. Every step's check reads
 * the node's live state (kubeadm's and the kubelet's versions, the API server's), so a killed run
 * resumes where the cluster is and a finished hop re-run changes nothing. Before a new run's first
 * step, an etcd snapshot is saved beside the project (`snapshot`, default true); after a success
 * the project records the hop's version (`planAfterHop`), so the next run makes the next hop.
 * Whatever face starts it (`run.start`, `kubelab upgrade --to V --yes`), this is the whole of it.
 */
export const upgradeOperation: OperationDef<UpgradeRunParams> = {
  id: 'upgrade',
  params: UpgradeRunParamsSchema,
  steps: (p) => (p.migrateRuntime ? runtimeMigrationSteps() : upgradeSteps(p.batch)),
  resolve: (p, target) => resolveHopParams(p, target),
  beforeRun: async (p, target, host) => {
    const plan = ClusterPlanSchema.parse(target.plan);
    // The migration restarts each control plane's etcd under another runtime: snapshot first too.
    if (p.snapshot === false || (isVerifyOnly(plan, p.to) && !p.migrateRuntime)) return undefined;
    return snapshotBeforeHop(target.nodes, plan, p.to, host);
  },
  afterSuccess: async (p, target, host) => {
    if (p.migrateRuntime) {
      await host.updatePlan((plan) => planAfterMigration(ClusterPlanSchema.parse(plan)));
      return;
    }
    if (isVerifyOnly(ClusterPlanSchema.parse(target.plan), p.to)) return;
    await host.updatePlan((plan) => planAfterHop(ClusterPlanSchema.parse(plan), p.to));
  },
};

/** True when the hop is the version the project already records: the run only re-verifies. */
function isVerifyOnly(plan: ClusterPlan, hop: string): boolean {
  return resolveVersion(plan.kubernetesVersion)?.version === hop;
}

/**
 * The run's parameters: the user's target replaced by this run's hop; the snapshot choice kept
 * only when it is "no", so a run resumed with the same request matches its record. Refusals
 * (lower, unknown, no control plane…) name `params.to` before anything runs.
 */
export function resolveHopParams(p: UpgradeRunParams, target: OperationTarget): UpgradeRunParams {
  const plan = ClusterPlanSchema.parse(target.plan);
  const hop = nextHop(plan, target.nodes, p.to, p.dockerMigration);
  if (!hop.ok) {
    throw new AppError({
      code: 'invalid_payload',
      field: hop.errors[0]?.field === 'to' ? 'params.to' : (hop.errors[0]?.field ?? 'params.to'),
      message: `upgrade: ${hop.errors.map((e) => `${e.field === 'to' ? 'params.to' : e.field}: ${e.message}`).join('; ')}`,
    });
  }
  return {
    to: hop.choice.hop,
    ...(p.batch === undefined ? {} : { batch: p.batch }),
    ...(p.snapshot === false ? { snapshot: false } : {}),
    ...(p.drainBlocked === undefined || p.drainBlocked === 'wait'
      ? {}
      : { drainBlocked: p.drainBlocked }),
    ...(p.drainTimeout === undefined ? {} : { drainTimeout: p.drainTimeout }),
    ...(p.acceptUnhealthy ? { acceptUnhealthy: true } : {}),
    ...(p.dockerMigration === undefined ? {} : { dockerMigration: p.dockerMigration }),
    ...(hop.choice.migrateRuntime ? { migrateRuntime: hop.choice.migrateRuntime } : {}),
  };
}

export interface HopChoice {
  /** The version this run upgrades every node to (`1.19.16`). */
  hop: string;
  /** The version the user asked for (`1.21.14`). */
  target: string;
  /** Hops left after this one (0: this run reaches the target). */
  remaining: number;
  /** True when the project already records the target: the run only re-verifies the nodes. */
  verifyOnly: boolean;
  /**
   * Set when this run is the Docker → containerd migration planned before the hop into 1.24:
   * `hop` is then the cluster's own version and the hop itself is the next run.
   */
  migrateRuntime?: 'containerd';
}

/** What `--to` names exactly, when it is a catalog version (a minor means its newest patch). */
function exactTarget(to: string): string | undefined {
  const m = /^v?1\.(\d{1,2})(?:\.(\d{1,3}))?$/.exec(to.trim());
  if (!m) return undefined;
  if (m[2] !== undefined) return resolveVersion(`1.${m[1]}.${m[2]}`)?.version;
  return newestRelease(Number(m[1]))?.version;
}

/**
 * The hop this run makes toward `to`, or the field errors (lower, unknown, no control plane…)
 * found before anything runs. A target equal to the project's version is not an error here: the
 * run re-checks every node against it (and changes nothing when the cluster is there).
 */
export function nextHop(
  plan: ClusterPlan,
  nodes: readonly NodeSpec[],
  to: string,
  dockerMigration?: DockerMigration,
): { ok: true; choice: HopChoice } | { ok: false; errors: FieldError[] } {
  const current = resolveVersion(plan.kubernetesVersion)?.version;
  const exact = exactTarget(to);
  if (current !== undefined && exact === current) {
    return { ok: true, choice: { hop: current, target: current, remaining: 0, verifyOnly: true } };
  }
  const result = planUpgrade({ plan, nodes, to, ...(dockerMigration ? { dockerMigration } : {}) });
  if (!result.plan) return { ok: false, errors: result.errors };
  const [first] = result.plan.hops;
  if (!first) throw new Error('an upgrade plan without hops');
  const runtime = runtimeMigrationRefusal(first);
  if (runtime) return { ok: false, errors: [runtime] };
  if (runsRuntimeMigration(first)) {
    // The nodes move to containerd first, at the cluster's version; the hop is the next run.
    return {
      ok: true,
      choice: {
        hop: first.from,
        target: result.plan.target,
        remaining: result.plan.hops.length,
        verifyOnly: false,
        migrateRuntime: 'containerd',
      },
    };
  }
  return {
    ok: true,
    choice: {
      hop: first.to,
      target: result.plan.target,
      remaining: result.plan.hops.length - 1,
      verifyOnly: false,
    },
  };
}

/** The plan once the migration has finished: the project records the runtime the nodes now run. */
export function planAfterMigration(plan: ClusterPlan): ClusterPlan {
  return { ...plan, runtime: 'containerd' };
}

/** The plan once a hop has finished: the project records the version the cluster now runs. */
export function planAfterHop(plan: ClusterPlan, hop: string): ClusterPlan {
  return { ...plan, kubernetesVersion: hop };
}
