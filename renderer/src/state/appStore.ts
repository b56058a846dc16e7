import { create } from 'zustand';
import type { AppInfo } from '../../../common/contract';
import type { Settings, SettingsPatch } from '../../../common/model/settings';
import { kubelab } from '../bridge/kubelab';

export const AREAS = ['nodes', 'plan', 'install', 'terminals', 'report'] as const;
export type Area = (typeof AREAS)[number];

interface AppState {
  info?: AppInfo;
  settings?: Settings;
  error?: string;
  area: Area;
  load(): Promise<void>;
  updateSettings(patch: SettingsPatch): Promise<void>;
  setArea(area: Area): void;
}

function areaFromHash(hash: string): Area {
  const name = hash.replace(/^#\/?/, '');
  return (AREAS as readonly string[]).includes(name) ? (name as Area) : 'nodes';
}

/** App-wide UI state: who we are, the user's settings, and which area is showing. */
export const useAppStore = create<AppState>((set) => ({
  area: areaFromHash(window.location.hash),
  async load() {
    try {
      const [info, settings] = await Promise.all([kubelab.app.info(), kubelab.settings.get()]);
      set({ info, settings, error: undefined });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    }
  },
  async updateSettings(patch) {
    try {
      set({ settings: await kubelab.settings.set(patch), error: undefined });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    }
  },
  setArea(area) {
    window.location.hash = `/${area}`;
    set({ area });
  },
}));

window.addEventListener('hashchange', () => {
  useAppStore.setState({ area: areaFromHash(window.location.hash) });
});
