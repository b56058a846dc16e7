import { AppError } from '../../common/model/appError';
import type { HostFacts } from '../../common/model/facts';
import type { NodeSpec } from '../../common/model/node';
import type { Remote } from '../engine/remote';
import { parseFacts } from '../services/factsParser';
import { FACTS_SCRIPT } from '../services/factsScript';
import type { RemoteFactory } from '../services/remoteFactory';
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

/** Preflight's view of the project's machines over the install's remote factory. */
export function preflightDeps(nodes: readonly NodeSpec[], remotes: RemoteFactory): PreflightDeps {
  const remote = (id: string): Remote => {
    const spec = nodes.find((n) => n.id === id);
    if (!spec)
      throw new AppError({
        code: 'not_found',
        nodeId: id,
        message: `No node ${id} in the project.`,
      });
    return remotes.remoteFor(spec);
  };
  return { remote, facts: (id) => factsOver(remote(id)) };
}
