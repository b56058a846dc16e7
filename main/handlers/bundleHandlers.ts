import { bundleNeeds } from '../../common/bundle/needs';
import type { EventBus } from '../api/eventBus';
import type { Handlers } from '../api/handlers';
import { createBundleBuildService } from '../bundle/buildService';
import { createBundlePushService } from '../bundle/pushService';
import { inspectBundle } from '../bundle/inspectBundle';
import { listBundles } from '../bundle/listBundles';
import type { NodesContext } from '../nodes/nodesContext';
import type { ProjectStore } from '../store/projectStore';
import { allowedBundlePath, bundleFolder } from './bundlePath';

type BundleHandlers = Pick<
  Handlers,
  | 'bundle.plan'
  | 'bundle.inspect'
  | 'bundle.build'
  | 'bundle.cancel'
  | 'bundle.list'
  | 'bundle.push'
  | 'bundle.pushCancel'
>;

/**
 * The air-gapped bundle's requests (issue 22 part 1): files on the back end's own disk, and the
 * push of a bundle to the project's nodes (its share to each, verified there).
 */
export function createBundleHandlers(
  store: ProjectStore,
  nodes: Pick<NodesContext, 'remote'>,
  bus: EventBus,
): BundleHandlers {
  const builds = createBundleBuildService(() => store.get().plan, bus);
  const pushes = createBundlePushService(
    () => store.get().plan,
    (nodeId) => nodes.remote(nodeId),
    bus,
  );
  return {
    'bundle.push': (payload, ctx) =>
      pushes.push({ ...payload, path: allowedBundlePath(payload.path, 'path', ctx, store.path()) }),
    'bundle.pushCancel': async () => pushes.cancel(),
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
