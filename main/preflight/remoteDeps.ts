import { AppError } from '../../common/model/appError';
import type { HostFacts } from '../../common/model/facts';
import type { Remote } from '../engine/remote';
import { parseFacts } from '../nodes/factsParser';
import { FACTS_SCRIPT } from '../nodes/factsScript';
import type { PreflightDeps } from './preflightService';

/**
 * HostFacts over any Remote (the facts script, as root): the same script and parser as the nodes
 * service, with the admin's clock taken at the midpoint between sending and the first byte back.
 */
export async function factsOver(remote: Remote): Promise<HostFacts> {
  const t0 = Date.now();
  let tFirst: number | undefined;
  const res = await remote.exec(FACTS_SCRIPT, {
    root: true,
    timeoutMs: 60_000,
    onStdout: () => {
      tFirst ??= Date.now();
    },
  });
  if (!res.stdout.includes('@@KL:end')) {
    throw new AppError({
      code: 'command_failed',
      nodeId: remote.nodeId,
      message: `Gathering facts failed (exit ${res.code}): ${res.stderr.trim().split('\n').pop() ?? ''}`,
    });
  }
  return parseFacts(res.stdout, {
    nodeId: remote.nodeId,
    collectedAt: new Date().toISOString(),
    localClockMs: (t0 + (tFirst ?? Date.now())) / 2,
    // Root commands went through: whether by sudo or as root is not asked again here.
    sudo: { mode: 'root' },
  });
}

/** The one way to a node the back end has: a nodes context (main/nodes/nodesContext.ts). */
export interface Machines {
  remote(nodeId: string): Remote;
}

/**
 * Preflight's view of the machines through the back end's nodes context: its shared connection
 * pool (no second login per call) and its host-key policy, so an unpinned key is decided the way
 * the context's owner decides it (a `nodes.hostKeyPrompt`, the CLI's question, or a refusal) and
 * a changed key is refused the same way everywhere. The preflight handlers and the preflight
 * suites both use it; nothing here opens a connection of its own.
 */
export function preflightDeps(machines: Machines): PreflightDeps {
  return { remote: (id) => machines.remote(id), facts: (id) => factsOver(machines.remote(id)) };
}
