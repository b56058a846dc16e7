import type { HostFacts } from '../../common/model/facts';
import { AppError, toAppErrorData, type AppErrorData } from '../../common/model/appError';
import { execCommand, sudoMode, type ExecContext } from '../ssh/exec';
import { mapCommandFailure } from '../ssh/errors';
import type { SshPool } from '../ssh/pool';
import { parseFacts } from './factsParser';
import { FACTS_SCRIPT } from './factsScript';

const SUDO_CODES = new Set(['sudo_password_required', 'sudo_password_wrong', 'sudo_denied']);

/**
 * Gathers one node's facts: the facts script in one exec, as root when sudo works (product_uuid,
 * the iptables policy and ufw need it), else as the login user with `sudo` reported unavailable.
 * The node's clock is sampled first in the script; the admin's clock is taken as the midpoint
 * between sending and the first byte back, so the offset is good to half a round trip.
 */
export async function gatherFacts(
  pool: SshPool,
  ctx: ExecContext,
  nodeId: string,
): Promise<HostFacts> {
  const lease = await pool.acquire(nodeId);
  try {
    let sudo: HostFacts['sudo'];
    try {
      sudo = { mode: await sudoMode(lease, ctx) };
    } catch (err) {
      if (!(err instanceof AppError && SUDO_CODES.has(err.code))) throw err;
      sudo = { mode: 'unavailable', error: err.message };
    }
    const t0 = Date.now();
    let tFirst: number | undefined;
    const res = await execCommand(lease, ctx, FACTS_SCRIPT, {
      root: sudo.mode !== 'unavailable',
      timeoutMs: 60_000,
      onStdout: () => {
        tFirst ??= Date.now();
      },
    });
    if (!res.stdout.includes('@@KL:end')) {
      throw mapCommandFailure(
        nodeId,
        `Gathering facts on ${lease.spec.name}`,
        res.code,
        res.stderr,
      );
    }
    return parseFacts(res.stdout, {
      nodeId,
      collectedAt: new Date().toISOString(),
      localClockMs: (t0 + (tFirst ?? Date.now())) / 2,
      sudo,
    });
  } finally {
    lease.release();
  }
}

export type FactsResult =
  { nodeId: string; facts: HostFacts } | { nodeId: string; error: AppErrorData };

/** Facts for many nodes in parallel (at most `limit` at once); every node gets a result. */
export async function gatherMany(
  pool: SshPool,
  ctx: ExecContext,
  nodeIds: string[],
  limit = 16,
): Promise<FactsResult[]> {
  const results: FactsResult[] = new Array(nodeIds.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < nodeIds.length) {
      const i = next++;
      const nodeId = nodeIds[i] as string;
      try {
        results[i] = { nodeId, facts: await gatherFacts(pool, ctx, nodeId) };
      } catch (err) {
        results[i] = { nodeId, error: { ...toAppErrorData(err), nodeId } };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, nodeIds.length) }, worker));
  return results;
}
