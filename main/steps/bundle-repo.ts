import { NODE_BUNDLE_DIR } from '../../common/bundle/pushSelection';
import script from './scripts/bundle-repo.sh?raw';
import { scriptStep } from './scriptStep';

/**
 * The node's local package repository from the bundle `kubelab bundle push` left on it (issue 22:
 * "packages installed from a local file:// repository on the node so pinning and holds work as
 * online"). Not yet in the install's step list: an offline install that uses it is the next step.
 */
export const bundleRepo = scriptStep({
  id: 'bundle-repo',
  script,
  retries: 1,
  env: () => ({ BUNDLE_DIR: NODE_BUNDLE_DIR }),
});
