import { evaluatePreflight } from '../../common/preflight';
import type { Handlers } from '../api/handlers';
import { applyFix } from '../preflight/fixRunner';
import { isFresh, preflightInputsDigest } from '../preflight/freshness';
import { lastPreflight, rememberPreflight } from '../store/preflightRecord';
import { runPreflight, type PreflightDeps } from '../preflight/preflightService';
import { assertRunnable } from '../services/runValidation';
import type { ProjectStore } from '../store/projectStore';

type PreflightHandlers = Pick<
  Handlers,
  'preflight.run' | 'preflight.fix' | 'preflight.last' | 'preflight.evaluate'
>;

/**
 * Preflight and its fixes over the open project's machines (`machines`: the backend's nodes
 * context, preflightDeps), and `preflight.evaluate`, the same pure checks over facts the caller
 * brings.
 */
export function createPreflightHandlers(
  projectStore: ProjectStore,
  machines: PreflightDeps,
): PreflightHandlers {
  return {
    // The last run is kept for the cluster report (store/preflightRecord.ts); failing to keep it fails nothing.
    // Preflight logs in to every machine: the project passes the same validation as a run first,
    // so a hand-edited plan or node is refused with its field before anything is sent.
    'preflight.run': async ({ matrix, context }) => {
      assertRunnable(projectStore.get());
      const { nodes, plan } = projectStore.get();
      const run = await runPreflight(nodes, plan, machines, { matrix, context });
      // Only an install-context run with the network matrix stands in for the install's own.
      if (matrix && context === 'install') run.inputsDigest = preflightInputsDigest(nodes, plan);
      await rememberPreflight(projectStore, run).catch(() => undefined);
      return run;
    },
    // A fix is a run on the machines: the same validation as an install, before anything is sent.
    'preflight.fix': async (request) => {
      assertRunnable(projectStore.get());
      const { nodes, plan } = projectStore.get();
      const outcome = await applyFix(request, nodes, plan, machines);
      if (request.context === 'install' && outcome.run.matrices.length > 0) {
        outcome.run.inputsDigest = preflightInputsDigest(nodes, plan);
      }
      await rememberPreflight(projectStore, outcome.run).catch(() => undefined);
      return outcome;
    },
    'preflight.last': async () => {
      const { nodes, plan } = projectStore.get();
      const run = await lastPreflight(projectStore);
      return { run: run ?? null, fresh: isFresh(run, preflightInputsDigest(nodes, plan)) };
    },
    'preflight.evaluate': async (input) => evaluatePreflight(input),
  };
}
