import { resolveVersion } from '../../common/catalog/images';
import { newestRelease } from '../../common/catalog/releases';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan, FieldError } from '../../common/model/plan';
import { planUpgrade } from '../../common/upgrade/planUpgrade';
import { upgradeSteps } from '../steps';
import { UpgradeRunParamsSchema, type UpgradeRunParams } from '../../common/upgrade/runParams';
import type { OperationDef } from './operation';

/**
 * The upgrade: ONE hop per run (kubeadm moves one minor at a time). Its parameter `to` is the
 * hop's exact version; `nextHop` turns the user's target into it. Every step's check reads the
 * node's live state (kubeadm's and the kubelet's versions, the API server's), so a killed run
 * resumes where the cluster is and a finished hop re-run changes nothing. A target several minors
 * away takes one run per hop; after each the project records the hop's version (`planAfterHop`).
 */
export const upgradeOperation: OperationDef<UpgradeRunParams> = {
  id: 'upgrade',
  params: UpgradeRunParamsSchema,
  steps: (p) => upgradeSteps(p.batch),
};

export interface HopChoice {
  /** The version this run upgrades every node to (`1.19.16`). */
  hop: string;
  /** The version the user asked for (`1.21.14`). */
  target: string;
  /** Hops left after this one (0: this run reaches the target). */
  remaining: number;
  /** True when the project already records the target: the run only re-verifies the nodes. */
  verifyOnly: boolean;
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
): { ok: true; choice: HopChoice } | { ok: false; errors: FieldError[] } {
  const current = resolveVersion(plan.kubernetesVersion)?.version;
  const exact = exactTarget(to);
  if (current !== undefined && exact === current) {
    return { ok: true, choice: { hop: current, target: current, remaining: 0, verifyOnly: true } };
  }
  const result = planUpgrade({ plan, nodes, to });
  if (!result.plan) return { ok: false, errors: result.errors };
  const [first] = result.plan.hops;
  if (!first) throw new Error('an upgrade plan without hops');
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

/** The plan once a hop has finished: the project records the version the cluster now runs. */
export function planAfterHop(plan: ClusterPlan, hop: string): ClusterPlan {
  return { ...plan, kubernetesVersion: hop };
}
