import { create } from 'zustand';
import type { AppInfo } from '../../../common/contract';
import type { Settings, SettingsPatch } from '../../../common/model/settings';
import { kubelab } from '../bridge/kubelab';
import { AREAS, type Area } from './areas';

export { AREAS, visibleAreas, type Area } from './areas';

const OFFLINE_KEY = 'kubelab.machinesOffline';

function storedOffline(): boolean {
  try {
    return globalThis.localStorage?.getItem(OFFLINE_KEY) === 'true';
  } catch {
    return false; // storage refused (a locked-down browser): the toggle just is not remembered
  }
}

function storeOffline(on: boolean): void {
  try {
    globalThis.localStorage?.setItem(OFFLINE_KEY, String(on));
  } catch {
    // Not remembered across restarts; the toggle still works for this session.
  }
}

interface AppState {
  info?: AppInfo;
  settings?: Settings;
  error?: string;
  area: Area;
  /**
   * Shows the Bundle area: mirrors the plan's `offline` field (the Plan screen's "Machines have no
   * internet" sets both; a loaded offline plan sets it), remembered for the next start.
   */
  machinesOffline: boolean;
  setMachinesOffline(on: boolean): void;
  load(): Promise<void>;
  updateSettings(patch: SettingsPatch): Promise<void>;
  setArea(area: Area): void;
  /** The address's #/area changed (back, forward, a typed URL): show that area. */
  followHash(): void;
}

function areaFromHash(hash: string): Area {
  const name = hash.replace(/^#\/?/, '');
  return (AREAS as readonly string[]).includes(name) ? (name as Area) : 'nodes';
}

/** App-wide UI state: who we are, the user's settings, and which area is showing. */
let settingsQueue: Promise<void> = Promise.resolve();

export const useAppStore = create<AppState>((set, get) => ({
  area: areaFromHash(window.location.hash),
  machinesOffline: storedOffline(),
  setMachinesOffline(on) {
    storeOffline(on);
    set({ machinesOffline: on });
  },
  async load() {
    try {
      const [info, settings] = await Promise.all([kubelab.app.info(), kubelab.settings.get()]);
      set({ info, settings, error: undefined });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    }
  },
  updateSettings(patch) {
    // Shown at once, and sent one after another: two quick changes (theme, then language) must
    // not race, or the answer to the first could arrive last and undo the second.
    const current = get().settings;
    if (current) set({ settings: { ...current, ...patch } });
    settingsQueue = settingsQueue.then(async () => {
      try {
        set({ settings: await kubelab.settings.set(patch), error: undefined });
      } catch (err) {
        set({ error: err instanceof Error ? err.message : String(err) });
      }
    });
    return settingsQueue;
  },
  setArea(area) {
    window.location.hash = `/${area}`;
    set({ area });
  },
  followHash() {
    set({ area: areaFromHash(window.location.hash) });
  },
}));
