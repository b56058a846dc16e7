import type { Handlers } from '../api/handlers';
import { listCertificates } from '../certs/certsService';
import type { ProjectStore } from '../store/projectStore';
import type { NodesContext } from '../nodes/nodesContext';

/** Certificates of the open project's nodes, over the backend's one SSH pool. */
export function createCertsHandlers(
  ctx: NodesContext,
  projectStore: ProjectStore,
): Pick<Handlers, 'certs.list'> {
  return {
    'certs.list': async () => {
      const { nodes, plan } = projectStore.get();
      return listCertificates(nodes, plan, (id) => ctx.remote(id));
    },
  };
}
