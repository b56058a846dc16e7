import { create } from 'zustand';
import type { CatalogVersion } from '../../../common/contracts/catalog';
import type { ClusterPlan, FieldError } from '../../../common/model/plan';
import { kubelab } from '../bridge/kubelab';
import { useAppStore } from './appStore';
import { errorText } from './toastStore';

interface PlanState {
  /** What is saved in the project (the Install screen draws the network from it). */
  saved?: ClusterPlan;
  draft?: ClusterPlan;
  versions: CatalogVersion[];
  loading: boolean;
  saving: boolean;
  serverErrors: FieldError[];
  /** The back end's warnings (etcd quorum…): shown, never blocking. */
  warnings: FieldError[];
  loadError?: string;
  load(): Promise<void>;
  edit(patch: Partial<ClusterPlan>): void;
  replace(plan: ClusterPlan): void;
  save(): Promise<boolean>;
  /** The back end's check, which also knows the nodes (advertise address, control plane). */
  validateRemote(): Promise<void>;
}

export const usePlanStore = create<PlanState>((set, get) => ({
  versions: [],
  loading: false,
  saving: false,
  serverErrors: [],
  warnings: [],
  async load() {
    set({ loading: true });
    try {
      const [plan, catalog] = await Promise.all([kubelab.plan.get(), kubelab.catalog.versions()]);
      set({
        saved: plan,
        draft: get().draft ?? plan,
        versions: catalog.versions,
        loadError: undefined,
      });
      // The Bundle area shows for a plan whose machines have no internet (plan.offline).
      if (plan.offline === true) useAppStore.getState().setMachinesOffline(true);
    } catch (err) {
      set({ loadError: errorText(err) });
    } finally {
      set({ loading: false });
    }
  },
  edit(patch) {
    const draft = get().draft;
    if (draft) set({ draft: { ...draft, ...patch }, serverErrors: [], warnings: [] });
  },
  replace(plan) {
    set({ draft: plan, serverErrors: [], warnings: [] });
  },
  async validateRemote() {
    const draft = get().draft;
    if (!draft) return;
    try {
      const { errors, warnings } = await kubelab.plan.validate({ plan: draft });
      if (get().draft === draft) set({ serverErrors: errors, warnings });
    } catch {
      // Shape errors are already shown from the local check; nothing more to say here.
    }
  },
  async save() {
    const draft = get().draft;
    if (!draft) return false;
    set({ saving: true });
    try {
      const result = await kubelab.plan.set({ plan: draft });
      set({ serverErrors: result.errors, saved: result.saved ? draft : get().saved });
      return result.saved;
    } finally {
      set({ saving: false });
    }
  },
}));
