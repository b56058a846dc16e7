import { AppError } from '../../common/model/appError';
import type { Handlers } from '../api/handlers';
import type { LabService } from '../lab/labService';
import type { ProjectStore } from '../store/projectStore';

type LabHandlers = Pick<Handlers, 'lab.scenarios' | 'lab.status' | 'lab.up' | 'lab.down'>;

const NOT_CONFIGURED =
  'The practice lab is not available in this kubelab (start it with `kubelab serve` from a clone).';

/**
 * The "Practice lab" entry of the app. lab.up also opens the lab's project (its nodes with pinned
 * host keys and key auth, and the scenario's plan), so the Nodes, Plan and Install screens show
 * the lab right away; the UI reloads them after the call. A face plugs the service in: a bare
 * backend (unit tests, the CLI) must never start or stop namespaces on the machine.
 */
export function createLabHandlers(
  lab: LabService | undefined,
  projectStore: ProjectStore,
): LabHandlers {
  if (!lab) {
    const refuse = (): never => {
      throw new AppError({ code: 'not_configured', message: NOT_CONFIGURED });
    };
    const status = { available: false, reason: NOT_CONFIGURED, up: false, nodes: [], owned: false };
    return {
      'lab.scenarios': async () => ({ available: false, reason: NOT_CONFIGURED, scenarios: [] }),
      'lab.status': async () => status,
      'lab.up': async () => refuse(),
      'lab.down': async () => refuse(),
    };
  }
  return {
    'lab.scenarios': async () => lab.scenarios(),
    'lab.status': () => lab.status(),
    'lab.up': async ({ scenario }) => {
      const status = await lab.up(scenario);
      if (status.projectPath) await projectStore.open(status.projectPath);
      return status;
    },
    'lab.down': () => lab.down(),
  };
}
