import type { Handlers } from '../api/handlers';
import { inspectBundle } from '../bundle/inspectBundle';

type BundleHandlers = Pick<Handlers, 'bundle.inspect'>;

/** The air-gapped bundle's requests (issue 22 part 1): files on the back end's own disk. */
export function createBundleHandlers(): BundleHandlers {
  return {
    'bundle.inspect': async ({ path }) => inspectBundle(path),
  };
}
