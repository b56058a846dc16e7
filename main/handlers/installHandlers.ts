import type { Handlers } from '../api/handlers';
import type { RunService } from '../engine/runService';

type InstallHandlers = Pick<
  Handlers,
  'install.cancel' | 'install.retry' | 'install.skip' | 'install.state' | 'install.log'
>;

/**
 * The install.* namespace: cancel, retry, skip, state and logs of the run in progress or the last
 * one recorded — any operation's, through the backend's one run service (projectRunService.ts),
 * the same one `run.start` starts runs on. A caller that must wait for a wet run listens for
 * `install.event` run-finished.
 */
export function createInstallHandlers(service: RunService): InstallHandlers {
  return {
    'install.cancel': async () => service.cancel(),
    'install.retry': ({ stepId, nodeId }) => service.retry({ stepId, nodeId }),
    'install.skip': ({ stepId, nodeId }) => service.skip({ stepId, nodeId }),
    'install.state': async () => {
      const { active, state } = await service.state();
      return { active, state };
    },
    'install.log': ({ stepId, nodeId, maxBytes }) => service.log(stepId, nodeId, maxBytes),
  };
}
