import type { Handlers } from '../api/handlers';
import { applyDiagnosisFix, applyFix } from '../preflight/fixRunner';
import { isFresh, preflightInputsDigest } from '../preflight/freshness';
import { lastPreflight, rememberPreflight } from '../preflight/lastRun';
import { runPreflight } from '../preflight/preflightService';
import { preflightDeps } from '../preflight/remoteDeps';
import { assertRunnable } from '../services/runValidation';
import type { ProjectStore } from '../store/projectStore';
import type { NodesContext } from '../nodes/nodesContext';
import { createVerifyHandlers } from './verifyHandlers';

type PreflightHandlers = Pick<
  Handlers,
  | 'preflight.run'
  | 'preflight.fix'
  | 'preflight.last'
  | 'diagnosis.applyFix'
  | 'verify.run'
  | 'verify.last'
>;

/** Preflight, fixes and verification over the open project's machines. */
export function createPreflightHandlers(
  ctx: NodesContext,
  projectStore: ProjectStore,
): PreflightHandlers {
  const machines = preflightDeps(ctx);
  return {
    // The last run is kept for the cluster report (lastRun.ts); failing to keep it fails nothing.
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
    // A failed step's fix, through the same runner and connections as preflight's fixes.
    'diagnosis.applyFix': async (request) => {
      assertRunnable(projectStore.get());
      return applyDiagnosisFix(request, projectStore.get().nodes, machines);
    },
    ...createVerifyHandlers(projectStore, machines),
  };
}
