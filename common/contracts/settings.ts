import { SettingsPatchSchema, SettingsSchema } from '../model/settings';
import { Empty } from './empty';

/** The user's settings (language, theme …), kept per face by its settings store. */
export const settingsRequests = {
  'settings.get': { payload: Empty, result: SettingsSchema },
  'settings.set': { payload: SettingsPatchSchema, result: SettingsSchema },
} as const;
