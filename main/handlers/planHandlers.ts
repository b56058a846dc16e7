import { kubeadmImages } from '../../common/catalog/images';
import { AppError } from '../../common/model/appError';
import type { ClusterPlan } from '../../common/model/plan';
import { effectiveMirrors } from '../../common/plan/effectiveMirrors';
import { renderKubeadmConfig } from '../../common/plan/kubeadmConfig';
import { renderHaFiles } from '../../common/plan/ha/haFiles';
import { runtimeFiles } from '../../common/plan/runtimeFiles';
import { haWarnings } from '../../common/plan/ha/haWarnings';
import { packageSources } from '../../common/plan/packageSources';
import { planWarnings } from '../../common/plan/planWarnings';
import { validatePlan } from '../../common/plan/validatePlan';
import type { Handlers } from '../api/handlers';
import type { ProjectStore } from '../store/projectStore';
import { versionOrThrow } from './catalogVersion';

type PlanHandlers = Pick<Handlers, 'plan.get' | 'plan.set' | 'plan.validate' | 'plan.preview'>;

/**
 * Handlers for the plan. The plan is checked twice: its shape
 * by the dispatcher (zod), its meaning here (validatePlan against the project's nodes); a plan
 * with errors is never stored and never rendered.
 */
export function createPlanHandlers(store: ProjectStore): PlanHandlers {
  const check = (plan: ClusterPlan): ReturnType<typeof validatePlan> =>
    validatePlan(plan, { nodes: store.get().nodes });
  return {
    'plan.get': async () => store.get().plan,
    'plan.set': async ({ plan }) => {
      const errors = check(plan);
      if (errors.length > 0) return { saved: false, errors };
      store.set({ ...store.get(), plan });
      return { saved: true, errors: [] };
    },
    'plan.validate': async ({ plan }) => ({
      errors: check(plan),
      warnings: [...haWarnings(plan, store.get().nodes), ...planWarnings(plan)],
    }),
    'plan.preview': async ({ plan, nodeName }) => {
      const target = plan ?? store.get().plan;
      const errors = check(target);
      const first = errors[0];
      if (first) {
        throw new AppError({
          code: 'invalid_plan',
          message: `The plan has ${errors.length} problem(s): ${errors.map((e) => e.message).join(' ')}`,
          field: first.field,
        });
      }
      const v = versionOrThrow(target.kubernetesVersion, 'kubernetesVersion');
      const repo = effectiveMirrors(target, v);
      return {
        version: v.version,
        kubeadmConfig: renderKubeadmConfig(target, nodeName ? { nodeName } : {}),
        images: kubeadmImages(
          v,
          repo.customImageRepository ? repo.effectiveImageRepository : undefined,
        ),
        haFiles: renderHaFiles(target, store.get().nodes),
        runtimeFiles: runtimeFiles(target, v),
        warnings: [...haWarnings(target, store.get().nodes), ...planWarnings(target)],
        packages: packageSources(target, v),
        imagesFromNode: v.beyondCatalog,
      };
    },
  };
}
