import { AppError } from '../model/appError';
import type { FixPreview } from '../model/diagnosis';
import type { NodeRole } from '../model/node';
import type { CheckResult } from '../model/preflight';

/**
 * Checks whose results name a pair `[from, to]` (main/preflight/networkResults.ts): the fix runs
 * on the target, whose firewall drops the traffic.
 */
export const PAIRWISE_CHECKS: ReadonlySet<string> = new Set(['network-ports', 'path-mtu']);

/**
 * Where a fix runs: the named node (pairwise: the target), or as the preview says. Shared by the
 * fix runner, which runs it there, and the UI, whose preview names the same machines.
 */
export function fixTargets(
  result: Pick<CheckResult, 'checkId' | 'nodeIds'>,
  fix: Pick<FixPreview, 'runsOn'>,
  nodeId: string,
  nodes: readonly { id: string; role: NodeRole }[],
): string[] {
  if (fix.runsOn === 'every-node') return nodes.map((n) => n.id);
  if (fix.runsOn === 'control-plane') {
    const cp = nodes.find((n) => n.role === 'control-plane');
    if (!cp) {
      throw new AppError({
        code: 'invalid_payload',
        field: 'nodeId',
        message: 'The project has no control-plane node.',
      });
    }
    return [cp.id];
  }
  if (PAIRWISE_CHECKS.has(result.checkId)) return [result.nodeIds[1] ?? nodeId];
  return [nodeId];
}
