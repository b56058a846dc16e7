import type { Handlers } from '../api/handlers';
import { readAdminKubeconfig } from '../cluster/adminKubeconfig';
import { readClusterNodes } from '../cluster/clusterNodes';
import { readHaTopology } from '../cluster/haTopology';
import { lastFailoverTest } from '../../common/plan/ha/failover';
import type { ProjectStore } from '../store/projectStore';
import { readRecords, runRecordsDir } from '../store/runRecords';
import type { NodesContext } from '../nodes/nodesContext';

/**
 * The installed cluster's admin kubeconfig, its nodes and its live HA topology (issue 19: the
 * topology view asks again every few seconds while it is shown), over the backend's one SSH pool
 * (the same connections and host-key policy as preflight and verify). The result goes back to the
 * asking face only.
 */
export function createClusterHandlers(
  ctx: NodesContext,
  projectStore: ProjectStore,
): Pick<
  Handlers,
  'cluster.kubeconfig' | 'cluster.nodes' | 'cluster.haTopology' | 'cluster.haFailoverLast'
> {
  return {
    'cluster.kubeconfig': async () => {
      const { nodes, plan } = projectStore.get();
      return readAdminKubeconfig(nodes, plan, (id) => ctx.remote(id));
    },
    'cluster.nodes': async () =>
      (await readClusterNodes(projectStore.get().nodes, (id) => ctx.remote(id))) ?? null,
    'cluster.haTopology': async () => {
      const { nodes, plan } = projectStore.get();
      return readHaTopology(nodes, plan, (id) => ctx.remote(id));
    },
    'cluster.haFailoverLast': async () => {
      const file = projectStore.path();
      if (!file) return null;
      return lastFailoverTest(await readRecords(runRecordsDir(file))) ?? null;
    },
  };
}
