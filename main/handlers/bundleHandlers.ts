import { bundleNeeds } from '../../common/bundle/needs';
import type { EventBus } from '../api/eventBus';
import type { Handlers } from '../api/handlers';
import { createBundleBuildService } from '../bundle/buildService';
import { inspectBundle } from '../bundle/inspectBundle';
import type { ProjectStore } from '../store/projectStore';
import { allowedBundlePath } from './bundlePath';

type BundleHandlers = Pick<
  Handlers,
  'bundle.plan' | 'bundle.inspect' | 'bundle.build' | 'bundle.cancel'
>;

/** The air-gapped bundle's requests (issue 22 part 1): files on the back end's own disk. */
export function createBundleHandlers(store: ProjectStore, bus: EventBus): BundleHandlers {
  const builds = createBundleBuildService(() => store.get().plan, bus);
  return {
    'bundle.build': (payload, ctx) =>
      builds.build({ ...payload, out: allowedBundlePath(payload.out, 'out', ctx, store.path()) }),
    'bundle.cancel': async () => builds.cancel(),
    'bundle.plan': async ({ machines, upgradeTo }) =>
      bundleNeeds({
        plan: store.get().plan,
        machines,
        ...(upgradeTo !== undefined ? { upgradeTo } : {}),
      }),
    'bundle.inspect': async ({ path }, ctx) =>
      inspectBundle(allowedBundlePath(path, 'path', ctx, store.path())),
  };
}
