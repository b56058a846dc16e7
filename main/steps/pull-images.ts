import { imageSet, kubeadmImages } from '../../common/catalog/images';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import script from './scripts/pull-images.sh?raw';
import { isFirstControlPlane, planFacts } from './plan';
import { scriptStep } from './scriptStep';

/**
 * The images a node pulls: on the control plane every image kubeadm lists for the plan; on a
 * worker only what its kubelet runs before the CNI (kube-proxy and the pause image).
 */
export function imagesFor(node: NodeSpec, plan: ClusterPlan, nodes: readonly NodeSpec[]): string[] {
  const { version, mirrors } = planFacts(plan);
  const repo = mirrors.customImageRepository ? mirrors.effectiveImageRepository : undefined;
  if (node.role === 'control-plane' || isFirstControlPlane(node, nodes)) {
    return kubeadmImages(version, repo);
  }
  const set = imageSet(version, repo);
  return [set.proxy, set.pause];
}

export const pullImages = scriptStep({
  id: 'pull-images',
  diagnosisJournals: ['kubelet', 'runtime'],
  script,
  retries: 2,
  timeoutMs: 30 * 60_000,
  env: ({ node, plan, nodes }) => ({
    IMAGES: imagesFor(node, plan, nodes).join('\n'),
    RUNTIME: plan.runtime === 'docker' ? 'docker' : 'containerd',
  }),
});
