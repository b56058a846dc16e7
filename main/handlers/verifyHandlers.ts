import type { Verification } from '../../common/model/verification';
import type { Handlers } from '../api/handlers';
import type { PreflightDeps } from '../preflight/preflightService';
import type { ProjectStore } from '../store/projectStore';
import {
  currentVerification,
  loadVerification,
  saveVerification,
} from '../store/verificationRecord';
import { verifyCluster } from '../verify/verifyService';

/**
 * Verification after an install, over the same machines as preflight (the nodes service's pool).
 * The last verification is written beside the project file for the cluster report, and read
 * back by `verify.last` (results survive a reload).
 */
export function createVerifyHandlers(
  projectStore: ProjectStore,
  machines: Pick<PreflightDeps, 'remote'>,
): Pick<Handlers, 'verify.run' | 'verify.last'> {
  return {
    'verify.run': async ({ pods }): Promise<Verification> => {
      const { nodes, plan } = projectStore.get();
      const out = await verifyCluster(nodes, plan, machines.remote, { pods });
      const file = projectStore.path();
      if (file) await saveVerification(file, out.verification);
      return out.verification;
    },
    // What the Install screen shows after a reload or a restart: the report's own rule.
    'verify.last': async () => {
      const file = projectStore.path();
      const kept = file ? await loadVerification(file) : undefined;
      return { verification: currentVerification(kept, projectStore.get().runState) ?? null };
    },
  };
}
