import type { Handlers } from '../api/handlers';
import { readAdminKubeconfig } from '../cluster/adminKubeconfig';
import { readClusterNodes } from '../cluster/clusterNodes';
import type { ProjectStore } from '../store/projectStore';
import type { NodesContext } from '../nodes/nodesContext';

/**
 * The installed cluster's admin kubeconfig, over the backend's one SSH pool (the same connections
 * and host-key policy as preflight and verify). The result goes back to the asking face only.
 */
export function createClusterHandlers(
  ctx: NodesContext,
  projectStore: ProjectStore,
): Pick<Handlers, 'cluster.kubeconfig' | 'cluster.nodes'> {
  return {
    'cluster.kubeconfig': async () => {
      const { nodes, plan } = projectStore.get();
      return readAdminKubeconfig(nodes, plan, (id) => ctx.remote(id));
    },
    'cluster.nodes': async () =>
      (await readClusterNodes(projectStore.get().nodes, (id) => ctx.remote(id))) ?? null,
  };
}
