import type { Handlers } from '../api/handlers';
import type { NodesContext } from '../nodes/nodesContext';

type TerminalHandlers = Pick<Handlers, Extract<keyof Handlers, `terminal.${string}`>>;

/** Handlers for terminal sessions; output goes out as terminal.data / terminal.exit events. */
export function createTerminalHandlers({ terminals }: NodesContext): TerminalHandlers {
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
