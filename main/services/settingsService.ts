import type { Settings, SettingsPatch } from '../../common/model/settings';
import type { SettingsStore } from '../store/settingsStore';
import type { EventBus } from '../api/eventBus';

/** Reads and updates settings; every change is persisted before it is reported. */
export function createSettingsService(
  store: SettingsStore,
  bus: EventBus,
): {
  get(): Promise<Settings>;
  set(patch: SettingsPatch): Promise<Settings>;
} {
  return {
    get: () => store.read(),
    async set(patch) {
      const next = { ...(await store.read()), ...patch };
      await store.write(next);
      bus.emit('app.log', {
        time: new Date().toISOString(),
        level: 'info',
        message: `Settings changed: ${Object.keys(patch).join(', ') || 'nothing'}`,
      });
      return next;
    },
  };
}
