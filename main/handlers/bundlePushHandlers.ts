import type { Handlers } from '../api/handlers';
import type { EventBus } from '../api/eventBus';
import { createBundlePushService } from '../bundle/pushService';
import type { NodesContext } from '../nodes/nodesContext';
import type { ProjectStore } from '../store/projectStore';
import { allowedBundlePath } from './bundlePath';

/** Pushing a bundle to the project's nodes (issue 22 part 1): its share to each, verified there. */
export function createBundlePushHandlers(
  store: ProjectStore,
  nodes: Pick<NodesContext, 'remote'>,
  bus: EventBus,
): Pick<Handlers, 'bundle.push' | 'bundle.pushCancel'> {
  const pushes = createBundlePushService(
    () => store.get().plan,
    (nodeId) => nodes.remote(nodeId),
    bus,
  );
  return {
    'bundle.push': (payload, ctx) =>
      pushes.push({ ...payload, path: allowedBundlePath(payload.path, 'path', ctx, store.path()) }),
    'bundle.pushCancel': async () => pushes.cancel(),
  };
}
