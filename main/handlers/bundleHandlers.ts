import { bundleNeeds } from '../../common/bundle/needs';
import type { Handlers } from '../api/handlers';
import { inspectBundle } from '../bundle/inspectBundle';
import type { ProjectStore } from '../store/projectStore';

type BundleHandlers = Pick<Handlers, 'bundle.plan' | 'bundle.inspect'>;

/** The air-gapped bundle's requests (issue 22 part 1): files on the back end's own disk. */
export function createBundleHandlers(store: ProjectStore): BundleHandlers {
  return {
    'bundle.plan': async ({ machines, upgradeTo }) =>
      bundleNeeds({
        plan: store.get().plan,
        machines,
        ...(upgradeTo !== undefined ? { upgradeTo } : {}),
      }),
    'bundle.inspect': async ({ path }) => inspectBundle(path),
  };
}
