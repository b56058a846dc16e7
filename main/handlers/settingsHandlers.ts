import type { Handlers } from '../api/handlers';
import type { EventBus } from '../api/eventBus';
import { createSettingsService } from '../services/settingsService';
import type { SettingsStore } from '../store/settingsStore';

type SettingsHandlers = Pick<Handlers, 'settings.get' | 'settings.set'>;

/** The user's settings (language, theme …), kept by the face's settings store. */
export function createSettingsHandlers(store: SettingsStore, bus: EventBus): SettingsHandlers {
  const settings = createSettingsService(store, bus);
  return {
    'settings.get': () => settings.get(),
    'settings.set': (patch) => settings.set(patch),
  };
}
