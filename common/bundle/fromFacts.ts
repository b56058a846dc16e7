import type { HostFacts } from '../model/facts';
import type { NodeSpec } from '../model/node';
import type { BundleMachine } from './schema';

/** A node as the bundle sees it: os-release ID/ID_LIKE/VERSION_ID and `uname -m` from its facts. */
export function bundleMachine(
  node: Pick<NodeSpec, 'id' | 'role'>,
  facts: HostFacts,
): BundleMachine {
  return {
    nodeId: node.id,
    role: node.role,
    osId: facts.os.id,
    osIdLike: facts.os.idLike,
    osVersion: facts.os.version,
    arch: facts.arch,
  };
}
