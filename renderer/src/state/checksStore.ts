import { create } from 'zustand';
import type { PreflightRun } from '../../../common/contracts/preflight';
import { reusableForInstall } from '../../../common/preflight/installGate';
import { kubelab } from '../bridge/kubelab';

interface PreflightState {
  /** The run on screen: the last one kept by the back end, a new one, or a fix's re-check. */
  run?: PreflightRun;
  /** Whether it may stand in for the install's own preflight (recent, same nodes and plan). */
  fresh: boolean;
  loaded: boolean;
  show(run: PreflightRun): void;
  /** The project's last run (preflight.last), once per page: results survive a reload. */
  loadLast(): Promise<void>;
  /**
   * What Install checks against: the kept run while fresh and passing, else a new run (which
   * replaces it on screen, so its fixes are one click away).
   */
  forInstall(): Promise<PreflightRun>;
  /** Bumped to ask the checks panel (which owns verification) to verify the cluster now. */
  verifyAsked: number;
  askVerify(): void;
}

export const useChecksStore = create<PreflightState>((set, get) => ({
  fresh: false,
  loaded: false,
  verifyAsked: 0,
  askVerify() {
    set({ verifyAsked: get().verifyAsked + 1 });
  },
  show(run) {
    set({ run, fresh: true });
  },
  async loadLast() {
    if (get().loaded) return;
    set({ loaded: true });
    const last = await kubelab.preflight.last({});
    // A run made on this page meanwhile is newer than the kept one.
    if (last.run && !get().run) set({ run: last.run, fresh: last.fresh });
  },
  async forInstall() {
    const last = await kubelab.preflight.last({});
    if (last.run && reusableForInstall(last.run, last.fresh)) {
      set({ run: last.run, fresh: true });
      return last.run;
    }
    const run = await kubelab.preflight.run({ matrix: true });
    get().show(run);
    return run;
  },
}));
