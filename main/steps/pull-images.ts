import { imageSet, kubeadmImages } from '../../common/catalog/images';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import { kubeadmConfigFor } from './kubeadm-init';
import script from './scripts/pull-images.sh?raw';
import { isFirstControlPlane, planFacts } from './plan';
import { scriptStep } from './scriptStep';

/** True when the node pulls everything kubeadm lists (a control plane). */
function pullsAll(node: NodeSpec, nodes: readonly NodeSpec[]): boolean {
  return node.role === 'control-plane' || isFirstControlPlane(node, nodes);
}

/**
 * The catalog's images for a node: on the control plane every image kubeadm lists for the plan;
 * on a worker only what its kubelet runs before the CNI (kube-proxy and the pause image). At
 * install the node's own kubeadm decides; this is the preview, offline and fallback list.
 */
export function imagesFor(node: NodeSpec, plan: ClusterPlan, nodes: readonly NodeSpec[]): string[] {
  const { version, mirrors } = planFacts(plan);
  const repo = mirrors.customImageRepository ? mirrors.effectiveImageRepository : undefined;
  if (pullsAll(node, nodes)) return kubeadmImages(version, repo);
  // Past the catalog there is no list to fall back on: the node's kubeadm alone says.
  if (version.beyondCatalog) return [];
  const set = imageSet(version, repo);
  return [set.proxy, set.pause];
}

export const pullImages = scriptStep({
  id: 'pull-images',
  // An offline plan's images come from the bundle (import-images): nothing is pulled.
  when: (_node, plan) => plan.offline !== true,
  diagnosisJournals: ['kubelet', 'runtime'],
  script,
  retries: 2,
  timeoutMs: 30 * 60_000,
  env: ({ node, plan, nodes }) => ({
    IMAGES: imagesFor(node, plan, nodes).join('\n'),
    KUBEADM_CONFIG: kubeadmConfigFor(plan),
    WORKER: pullsAll(node, nodes) ? '0' : '1',
    RUNTIME: plan.runtime === 'docker' ? 'docker' : 'containerd',
  }),
});
