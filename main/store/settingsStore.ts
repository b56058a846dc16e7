import type { Settings } from '../../common/model/settings';

/**
 * Where settings persist: electron-store in the desktop app, a JSON file for serve and the CLI.
 * Services see only this interface.
 */
export interface SettingsStore {
  read(): Promise<Settings>;
  write(settings: Settings): Promise<void>;
}
