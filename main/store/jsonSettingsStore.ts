import { readFile } from 'node:fs/promises';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../../common/model/settings';
import { atomicWrite } from './atomicWrite';
import type { SettingsStore } from './settingsStore';

/**
 * Settings for `kubelab serve` and the CLI, as JSON in the user's config directory.
 * A missing or unreadable file yields the defaults rather than a crash; an invalid file is
 * not overwritten until the user changes a setting.
 */
export class JsonSettingsStore implements SettingsStore {
  constructor(private readonly path: string) {}

  async read(): Promise<Settings> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
    try {
      const parsed = SettingsSchema.partial().safeParse(JSON.parse(text));
      return parsed.success ? { ...DEFAULT_SETTINGS, ...parsed.data } : { ...DEFAULT_SETTINGS };
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
  }

  async write(settings: Settings): Promise<void> {
    await atomicWrite(this.path, `${JSON.stringify(settings, null, 2)}\n`);
  }
}
