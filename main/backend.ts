import { EventBus } from './api/eventBus';
import type { Handlers } from './api/handlers';
import { createSettingsService } from './services/settingsService';
import type { SettingsStore } from './store/settingsStore';
import { KUBELAB_VERSION } from './version';

export interface BackendDeps {
  face: 'desktop' | 'web' | 'cli';
  settingsStore: SettingsStore;
}

export interface Backend {
  handlers: Handlers;
  bus: EventBus;
}

/**
 * Wires the services behind the contract. Each face (Electron, web host, CLI) builds one backend
 * with its own stores and hands `handlers` to its transport; no service is a singleton.
 */
export function createBackend(deps: BackendDeps): Backend {
  const bus = new EventBus();
  const settings = createSettingsService(deps.settingsStore, bus);
  const handlers: Handlers = {
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
  return { handlers, bus };
}
