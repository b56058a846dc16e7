import { NODE_BUNDLE_DIR } from '../../common/bundle/pushSelection';
import type { ClusterPlan } from '../../common/model/plan';

/**
 * The offline part of `kubelab plan` (plan.offline, issue 22): where packages and images come
 * from when the machines have no internet. Empty for an online plan, so its output is unchanged.
 */
export function formatOfflineSection(plan: Pick<ClusterPlan, 'offline'>): string {
  if (plan.offline !== true) return '';
  return [
    'Machines without internet (plan.offline): packages and images from the bundle pushed to',
    `${NODE_BUNDLE_DIR} on every node (kubelab bundle build, then kubelab bundle push);`,
    'bundle-repo and import-images replace the online repositories and pull-images.',
    '',
    '',
  ].join('\n');
}
