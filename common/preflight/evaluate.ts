import {
  PreflightInputSchema,
  type CheckResult,
  type PreflightRequest,
  type PreflightReport,
} from '../model/preflight';
import type { ClusterCheck, NodeCheck } from './check';
import { CLUSTER_CHECKS } from './checks/cluster';
import { KERNEL_CHECKS } from './checks/kernel';
import { NETWORK_CHECKS } from './checks/network';
import { RUNTIME_CHECKS } from './checks/runtime';
import { SYSTEM_CHECKS } from './checks/system';

export const NODE_CHECKS: readonly NodeCheck[] = [
  ...SYSTEM_CHECKS,
  ...KERNEL_CHECKS,
  ...RUNTIME_CHECKS,
  ...NETWORK_CHECKS,
];

/** Failing blockers first, then warnings, unknowns, passes; stable within each group. */
function rank(r: CheckResult): number {
  if (r.status === 'fail') return r.severity === 'block' ? 0 : 1;
  return r.status === 'unknown' ? 2 : 3;
}

/**
 * Runs every check over the facts of every node (pure: same input, same report). Used by the
 * engine before an install, by `kubelab preflight`, and after a fix to re-check.
 */
/**
 * A report from results in any order: problems first (blockers, warnings, unknowns, then passes,
 * each group in the order checked) and the counts. Also used to add results checked outside the
 * pure evaluation (network matrix, mirrors).
 */
export function summariseResults(results: readonly CheckResult[]): PreflightReport {
  const sorted = results
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map(({ r }) => r);
  const count = (f: (r: CheckResult) => boolean): number => results.filter(f).length;
  const block = count((r) => r.status === 'fail' && r.severity === 'block');
  return {
    ok: block === 0,
    counts: {
      block,
      warn: count((r) => r.status === 'fail' && r.severity === 'warn'),
      pass: count((r) => r.status === 'pass'),
      unknown: count((r) => r.status === 'unknown'),
    },
    results: sorted,
  };
}

export function evaluatePreflight(
  input: PreflightRequest,
  nodeChecks: readonly NodeCheck[] = NODE_CHECKS,
  clusterChecks: readonly ClusterCheck[] = CLUSTER_CHECKS,
): PreflightReport {
  const { plan, nodes } = PreflightInputSchema.parse(input);
  const results: CheckResult[] = [];
  for (const node of nodes) {
    for (const check of nodeChecks) {
      results.push({
        checkId: check.id,
        nodeIds: [node.facts.nodeId],
        ...check.evaluate(node, plan),
      });
    }
  }
  if (nodes.length > 1) {
    for (const check of clusterChecks) results.push(...check.evaluate(nodes, plan));
  }
  return summariseResults(results);
}

/** The checks that still fail after a fix: what the UI re-runs for one node. */
export function failing(report: PreflightReport, nodeId?: string): CheckResult[] {
  return report.results.filter(
    (r) => r.status === 'fail' && (nodeId === undefined || r.nodeIds.includes(nodeId)),
  );
}
