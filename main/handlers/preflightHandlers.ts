import type { Verification } from '../../common/model/verification';
import type { Handlers } from '../api/handlers';
import { applyFix } from '../preflight/fixRunner';
import { runPreflight, type PreflightDeps } from '../preflight/preflightService';
import { preflightDeps } from '../preflight/remoteDeps';
import { createRemoteFactory } from '../services/remoteFactory';
import type { ProjectStore } from '../store/projectStore';
import { EnvSecretStore } from '../store/secretsEnv';
import { verifyCluster } from '../verify/verifyService';
import { saveVerification } from '../verify/store';

type PreflightHandlers = Pick<Handlers, 'preflight.run' | 'preflight.fix' | 'verify.run'>;

/**
 * Preflight, fixes and verification over the open project's machines. Each call opens its own
 * SSH connections (host keys must already be pinned in the project — the Nodes screen pins them —
 * an unknown key is refused) and closes them when done. The last verification is written beside
 * the project file for the cluster report.
 */
export function createPreflightHandlers(projectStore: ProjectStore): PreflightHandlers {
  const withDeps = async <T>(fn: (deps: PreflightDeps) => Promise<T>): Promise<T> => {
    const remotes = createRemoteFactory({ store: projectStore, secrets: new EnvSecretStore() });
    try {
      return await fn(preflightDeps(projectStore.get().nodes, remotes));
    } finally {
      remotes.close();
    }
  };
  return {
    'preflight.run': ({ matrix }) =>
      withDeps((deps) => {
        const { nodes, plan } = projectStore.get();
        return runPreflight(nodes, plan, deps, { matrix });
      }),
    'preflight.fix': (request) =>
      withDeps((deps) => {
        const { nodes, plan } = projectStore.get();
        return applyFix(request, nodes, plan, deps);
      }),
    'verify.run': ({ pods }) =>
      withDeps(async (deps): Promise<Verification> => {
        const { nodes, plan } = projectStore.get();
        const out = await verifyCluster(nodes, plan, deps.remote, { pods });
        const file = projectStore.path();
        if (file) await saveVerification(file, out.verification);
        return out.verification;
      }),
  };
}
