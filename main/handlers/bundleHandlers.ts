import { bundleNeeds } from '../../common/bundle/needs';
import type { EventBus } from '../api/eventBus';
import type { Handlers } from '../api/handlers';
import { createBundleBuildService } from '../bundle/buildService';
import { inspectBundle } from '../bundle/inspectBundle';
import { listBundles } from '../bundle/listBundles';
import type { ProjectStore } from '../store/projectStore';
import { allowedBundlePath, bundleFolder } from './bundlePath';

type BundleHandlers = Pick<
  Handlers,
  'bundle.plan' | 'bundle.inspect' | 'bundle.build' | 'bundle.cancel' | 'bundle.list'
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
    'bundle.list': async () => {
      const file = store.path();
      return file ? listBundles(bundleFolder(file)) : { bundles: [], staged: [] };
    },
    'bundle.inspect': async ({ path }, ctx) =>
      inspectBundle(allowedBundlePath(path, 'path', ctx, store.path())),
  };
}
