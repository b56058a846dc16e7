import { stat } from 'node:fs/promises';
import { manifestMachines, manifestPlan } from '../../common/bundle/forManifest';
import { bundleNeeds } from '../../common/bundle/needs';
import type { ParsedPayload, Result } from '../../common/contract';
import { AppError } from '../../common/model/appError';
import type { ClusterPlan } from '../../common/model/plan';
import type { EventBus } from '../api/eventBus';
import { buildBundle, dropStaging, type BuildInput } from './buildBundle';

/**
 * `bundle.build` and `bundle.cancel` for one back end: one build at a time (two builds of one
 * staging folder would write the same part files), an AbortController the cancel request trips.
 * The staging folder `<out>.staging` is kept on a failure or an interruption, so building the
 * same `out` again resumes; it is removed once the bundle is written.
 */
export interface BundleBuildService {
  build(payload: ParsedPayload<'bundle.build'>): Promise<Result<'bundle.build'>>;
  cancel(): Result<'bundle.cancel'>;
}

export function stagingFor(out: string): string {
  return `${out}.staging`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export function createBundleBuildService(
  plan: () => ClusterPlan,
  bus: EventBus,
  overrides: Pick<BuildInput, 'freeBytes' | 'readIndex'> = {},
): BundleBuildService {
  let running: AbortController | undefined;
  return {
    cancel: () => {
      const had = running !== undefined;
      running?.abort();
      return { cancelled: had };
    },
    build: async ({ out, machines, upgradeTo, plainHttp }) => {
      if (running) {
        throw new AppError({ code: 'bundle_busy', message: 'a bundle build is already running' });
      }
      if (await exists(out)) {
        throw new AppError({
          code: 'bundle_exists',
          field: 'out',
          message: `${out} exists; a build does not overwrite a file — choose another name or remove it`,
        });
      }
      const current = plan();
      const needs = bundleNeeds({
        plan: current,
        machines,
        ...(upgradeTo !== undefined ? { upgradeTo } : {}),
      });
      const first = needs.errors[0];
      if (first)
        throw new AppError({ code: 'invalid', field: first.field, message: first.message });
      const controller = new AbortController();
      running = controller;
      const staging = stagingFor(out);
      try {
        const result = await buildBundle({
          needs,
          plan: manifestPlan(current),
          machines: manifestMachines(machines),
          out,
          staging,
          signal: controller.signal,
          ...(plainHttp ? { plainHttp } : {}),
          ...overrides,
          onEvent: (e) => bus.emit('bundle.buildProgress', e),
        });
        await dropStaging(staging);
        return result;
      } catch (err) {
        if (controller.signal.aborted) {
          throw new AppError({
            code: 'cancelled',
            message: `bundle build interrupted; downloads kept in ${staging} — build ${out} again to resume`,
          });
        }
        throw err;
      } finally {
        running = undefined;
      }
    },
  };
}
