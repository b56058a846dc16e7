import type { Handlers } from '../api/handlers';
import type { EventBus } from '../api/eventBus';
import { createSettingsService } from '../services/settingsService';
import type { SettingsStore } from '../store/settingsStore';
import { KUBELAB_VERSION } from '../version';

type AppHandlers = Pick<Handlers, 'app.info' | 'app.ping' | 'settings.get' | 'settings.set'>;

/** Handlers for the app itself and the user's settings. */
export function createAppHandlers(
  deps: { face: 'desktop' | 'web' | 'cli'; settingsStore: SettingsStore },
  bus: EventBus,
): AppHandlers {
  const settings = createSettingsService(deps.settingsStore, bus);
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
    'settings.get': () => settings.get(),
    'settings.set': (patch) => settings.set(patch),
  };
}
