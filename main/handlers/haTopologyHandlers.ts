import type { Handlers } from '../api/handlers';
import { readHaTopology } from '../cluster/haTopology';
import type { NodesContext } from '../nodes/nodesContext';
import type { ProjectStore } from '../store/projectStore';

/**
 * The live HA topology (issue 19) of the open project's cluster, over the backend's one SSH pool:
 * the topology view asks again every few seconds while it is shown.
 */
export function createHaTopologyHandlers(
  ctx: NodesContext,
  projectStore: ProjectStore,
): Pick<Handlers, 'cluster.haTopology'> {
  return {
    'cluster.haTopology': async () => {
      const { nodes, plan } = projectStore.get();
      return readHaTopology(nodes, plan, (id) => ctx.remote(id));
    },
  };
}
