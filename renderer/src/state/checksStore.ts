import { create } from 'zustand';
import type { PreflightRun } from '../../../common/contracts/preflight';
import type { Verification } from '../../../common/model/verification';
import { reusableForInstall } from '../../../common/preflight/installGate';
import { kubelab } from '../bridge/kubelab';

interface ChecksState {
  /** The run on screen: the last one kept by the back end, a new one, or a fix's re-check. */
  run?: PreflightRun;
  /** Whether it may stand in for the install's own preflight (recent, same nodes and plan). */
  fresh: boolean;
  /** The last verification: kept by the back end (verify.last) or just taken. */
  verification?: Verification;
  /** Which result the panel lists and the topology draws: the one taken last. */
  showing?: 'preflight' | 'verification';
  /** A check running now (one at a time: both use the same connections). */
  busy?: 'preflight' | 'verify';
  loaded: boolean;
  show(run: PreflightRun): void;
  /** The project's last preflight and verification, once per page: results survive a reload. */
  loadLast(): Promise<void>;
  /** Preflight over the project's machines now (with the network matrix). */
  runPreflight(): Promise<void>;
  /** Verification of the installed cluster now. */
  verify(): Promise<void>;
  /**
   * What Install checks against: the kept run while fresh and passing, else a new run (which
   * replaces it on screen, so its fixes are one click away).
   */
  forInstall(): Promise<PreflightRun>;
}

const time = (iso: string | undefined): number => (iso ? Date.parse(iso) : -Infinity);

/** Preflight before an install and verification after it, as the Install screen shows them. */
export const useChecksStore = create<ChecksState>((set, get) => ({
  fresh: false,
  loaded: false,
  show(run) {
    set({ run, fresh: true, showing: 'preflight' });
  },
  async loadLast() {
    if (get().loaded) return;
    set({ loaded: true });
    const [last, { verification }] = await Promise.all([
      kubelab.preflight.last({}),
      // An unreadable verification record must not hide the preflight results: none is shown.
      kubelab.verify.last({}).catch(() => ({ verification: null })),
    ]);
    // A result taken on this page meanwhile is newer than the kept one.
    const run = get().run ?? last.run ?? undefined;
    const kept = get().verification ?? verification ?? undefined;
    set({
      run,
      fresh: get().run ? get().fresh : last.fresh,
      verification: kept,
      showing:
        get().showing ??
        (kept && time(kept.checkedAt) > time(run?.checkedAt) ? 'verification' : run && 'preflight'),
    });
  },
  async runPreflight() {
    if (get().busy) return;
    set({ busy: 'preflight' });
    try {
      get().show(await kubelab.preflight.run({ matrix: true }));
    } finally {
      set({ busy: undefined });
    }
  },
  async verify() {
    if (get().busy) return;
    set({ busy: 'verify' });
    try {
      const verification = await kubelab.verify.run({ pods: true });
      set({ verification, showing: 'verification' });
    } finally {
      set({ busy: undefined });
    }
  },
  async forInstall() {
    const last = await kubelab.preflight.last({});
    if (last.run && reusableForInstall(last.run, last.fresh)) {
      set({ run: last.run, fresh: true, showing: 'preflight' });
      return last.run;
    }
    const run = await kubelab.preflight.run({ matrix: true });
    get().show(run);
    return run;
  },
}));
