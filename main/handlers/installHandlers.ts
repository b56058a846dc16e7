import type { EventBus } from '../api/eventBus';
import type { Handlers } from '../api/handlers';
import { InstallService, type InstallDeps } from '../engine/installService';

type InstallHandlers = Pick<
  Handlers,
  'install.start' | 'install.cancel' | 'install.retry' | 'install.skip' | 'install.state'
>;

/**
 * Handlers for the install engine. `deps` comes from the face (steps, SSH remotes, the project's
 * state store); whatever is missing answers `not_configured` instead of failing at start-up.
 * A caller that must wait for a wet run (the CLI) listens for `install.event` run-finished.
 */
export function createInstallHandlers(
  deps: Partial<InstallDeps> | undefined,
  bus: EventBus,
): InstallHandlers {
  const service = new InstallService(deps ?? {}, (event) => bus.emit('install.event', event));
  return {
    'install.start': (req) => service.start(req),
    'install.cancel': async () => service.cancel(),
    'install.retry': ({ stepId, nodeId }) => service.retry(stepId, nodeId),
    'install.skip': ({ stepId, nodeId }) => service.skip(stepId, nodeId),
    'install.state': () => service.state(),
  };
}
