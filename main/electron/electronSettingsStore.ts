import Store from 'electron-store';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../../common/model/settings';
import type { SettingsStore } from '../store/settingsStore';

/** Desktop settings in electron-store (atomic JSON in the app's userData directory). */
export class ElectronSettingsStore implements SettingsStore {
  private readonly store = new Store<{ settings: Settings }>({
    name: 'settings',
    defaults: { settings: DEFAULT_SETTINGS },
  });

  async read(): Promise<Settings> {
    const parsed = SettingsSchema.safeParse(this.store.get('settings'));
    return parsed.success ? parsed.data : { ...DEFAULT_SETTINGS };
  }

  async write(settings: Settings): Promise<void> {
    this.store.set('settings', settings);
  }
}
