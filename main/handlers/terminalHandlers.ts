import type { EventBus } from '../api/eventBus';
import type { Handlers } from '../api/handlers';
import type { ProjectStore } from '../store/projectStore';
import { nodesContext, type NodesDeps } from './nodesContext';

type TerminalHandlers = Pick<Handlers, Extract<keyof Handlers, `terminal.${string}`>>;

/** Handlers for terminal sessions; output goes out as terminal.data / terminal.exit events. */
export function createTerminalHandlers(
  deps: { nodes?: NodesDeps; projectStore?: ProjectStore },
  bus: EventBus,
): TerminalHandlers {
  const { terminals } = nodesContext(deps, bus);
  return {
    'terminal.open': ({ target, cols, rows, log }) => terminals.open(target, cols, rows, log),
    'terminal.write': async ({ sessionId, data }) => (terminals.write(sessionId, data), {}),
    'terminal.resize': async ({ sessionId, cols, rows }) => (
      terminals.resize(sessionId, cols, rows),
      {}
    ),
    'terminal.ack': async ({ sessionId, chars }) => (terminals.ack(sessionId, chars), {}),
    'terminal.close': async ({ sessionId }) => (terminals.close(sessionId), {}),
    'terminal.localAvailable': () => terminals.localAvailable(),
  };
}
