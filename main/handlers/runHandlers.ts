import type { Handlers } from '../api/handlers';
import type { RunService } from '../engine/runService';

type RunHandlers = Pick<Handlers, 'run.start'>;

/**
 * `run.start`: any operation of the registry through the one run service. The payload is already
 * the contract's (common/contracts/run.ts); the service validates the operation's params with its
 * own schema, refuses one that is not built and asks a destructive one for its confirmation.
 */
export function createRunHandlers(service: RunService): RunHandlers {
  return { 'run.start': (req) => service.start(req) };
}
