import type { Handlers } from '../api/handlers';
import type { EventBus } from '../api/eventBus';
import { KUBELAB_VERSION } from '../version';

type AppHandlers = Pick<Handlers, 'app.info' | 'app.ping'>;

/** Handlers for the app itself: what it is and which face serves it, and a ping for the log. */
export function createAppHandlers(
  deps: { face: 'desktop' | 'web' | 'cli' },
  bus: EventBus,
): AppHandlers {
  return {
    'app.info': async () => ({
      name: 'kubelab',
      version: KUBELAB_VERSION,
      platform: process.platform,
      arch: process.arch,
      face: deps.face,
    }),
    'app.ping': async ({ message }) => {
      bus.emit('app.log', {
        time: new Date().toISOString(),
        level: 'info',
        message: `ping: ${message}`,
      });
      return { echoed: message };
    },
  };
}
