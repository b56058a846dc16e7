import { createHash } from 'node:crypto';
import { PREFLIGHT_FRESH_MS, type PreflightRun } from '../../common/contracts/preflight';
import type { NodeSpec } from '../../common/model/node';

/**
 * What a preflight run checked, as a digest: every node (address, port, user, role, labels, host
 * key …) and the plan, serialised with sorted keys. A change to any of them means the results may
 * no longer hold, so an install checks again instead of reusing them.
 */
export function preflightInputsDigest(nodes: readonly NodeSpec[], plan: unknown): string {
  return createHash('sha256').update(stableJson({ nodes, plan })).digest('hex');
}

/** Whether `run` may stand in for a new preflight before an install, at `now`. */
export function isFresh(
  run: PreflightRun | undefined,
  digest: string,
  now: number = Date.now(),
): boolean {
  if (!run || run.inputsDigest !== digest) return false;
  const age = now - Date.parse(run.checkedAt);
  return age >= 0 && age <= PREFLIGHT_FRESH_MS;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
