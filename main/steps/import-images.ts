import { NODE_BUNDLE_DIR } from '../../common/bundle/pushSelection';
import type { ClusterPlan } from '../../common/model/plan';
import script from './scripts/import-images.sh?raw';
import { scriptStep } from './scriptStep';

/** The tool that imports an image archive: cri-dockerd's images are Docker's own. */
export function importRuntime(plan: ClusterPlan): 'docker' | 'containerd' {
  return plan.runtime === 'containerd' ? 'containerd' : 'docker';
}

/**
 * An offline plan's images from the pushed bundle (issue 22), in place of pull-images: every
 * archive for the node's architecture imported with `ctr -n k8s.io images import` or `docker
 * load`, those the runtime already lists skipped. The archives carry the names kubeadm and the
 * CNI manifest use (the plan's image repository), so kubeadm finds them and pulls nothing.
 */
export const importImages = scriptStep({
  id: 'import-images',
  diagnosisJournals: ['kubelet', 'runtime'],
  script,
  retries: 1,
  timeoutMs: 30 * 60_000,
  when: (_node, plan) => plan.offline === true,
  env: ({ plan }) => ({ BUNDLE_DIR: NODE_BUNDLE_DIR, RUNTIME: importRuntime(plan) }),
});
