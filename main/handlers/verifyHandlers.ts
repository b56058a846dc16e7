import type { Verification } from '../../common/model/verification';
import type { Handlers } from '../api/handlers';
import type { PreflightDeps } from '../preflight/preflightService';
import type { ProjectStore } from '../store/projectStore';
import { saveVerification } from '../verify/store';
import { verifyCluster } from '../verify/verifyService';

/**
 * Verification after an install, over the same machines as preflight (the nodes service's pool).
 * The last verification is written beside the project file for the cluster report.
 */
export function createVerifyHandlers(
  projectStore: ProjectStore,
  machines: Pick<PreflightDeps, 'remote'>,
): Pick<Handlers, 'verify.run'> {
  return {
    'verify.run': async ({ pods }): Promise<Verification> => {
      const { nodes, plan } = projectStore.get();
      const out = await verifyCluster(nodes, plan, machines.remote, { pods });
      const file = projectStore.path();
      if (file) await saveVerification(file, out.verification);
      return out.verification;
    },
  };
}
