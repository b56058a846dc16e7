import { NODE_BUNDLE_DIR } from '../../common/bundle/pushSelection';
import script from './scripts/bundle-repo.sh?raw';

/** The apt list bundle-repo.sh writes (its APT_LIST): the one list apt reads offline. */
export const BUNDLE_APT_LIST = '/etc/apt/sources.list.d/kubelab-bundle.list';
/** The bundle's file:// yum repository bundle-repo.sh makes. */
export const BUNDLE_RPM_URL = `file://${NODE_BUNDLE_DIR}/rpm`;

/**
 * What container-runtime and kube-packages are told for an offline plan: set up no online
 * repository, read the bundle's (empty for an online plan, so its environment is unchanged).
 */
export function offlineEnv(plan: { offline?: boolean }): Record<string, string> {
  return plan.offline === true ? { OFFLINE: '1', BUNDLE_LIST: BUNDLE_APT_LIST } : {};
}
import { scriptStep } from './scriptStep';

/**
 * The node's local package repository from the bundle `kubelab bundle push` left on it (issue 22:
 * "packages installed from a local file:// repository on the node so pinning and holds work as
 * online"). The first package step of an offline plan's install: container-runtime and
 * kube-packages then install from it and set up no online repository.
 */
export const bundleRepo = scriptStep({
  id: 'bundle-repo',
  script,
  retries: 1,
  when: (_node, plan) => plan.offline === true,
  env: () => ({ BUNDLE_DIR: NODE_BUNDLE_DIR }),
});
