import { classify } from '../../common/diagnosis';
import type { Handlers } from '../api/handlers';
import { applyDiagnosisFix } from '../preflight/fixRunner';
import type { PreflightDeps } from '../preflight/preflightService';
import { assertRunnable } from '../services/runValidation';
import type { ProjectStore } from '../store/projectStore';

type DiagnosisHandlers = Pick<Handlers, 'diagnosis.classify' | 'diagnosis.applyFix'>;

/**
 * The failure classifier behind the contract (pure: the engine calls the same function on a
 * failed task's log) and a failed step's fix, run on the open project's machines through the same
 * fix runner and connections as preflight's fixes.
 */
export function createDiagnosisHandlers(
  projectStore: ProjectStore,
  machines: PreflightDeps,
): DiagnosisHandlers {
  return {
    'diagnosis.classify': async ({ text }) => classify(text),
    // A fix is a run on the machines: the same validation as an install, before anything is sent.
    'diagnosis.applyFix': async (request) => {
      assertRunnable(projectStore.get());
      return applyDiagnosisFix(request, projectStore.get().nodes, machines);
    },
  };
}
