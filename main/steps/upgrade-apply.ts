import script from './scripts/upgrade-apply.sh?raw';
import { isFirstControlPlane } from './plan';
import { scriptStep } from './scriptStep';
import { hopVersionEnv } from './upgradeHop';

/**
 * The first control plane: `kubeadm upgrade apply`. Detached: it restarts the API server it talks
 * to and takes minutes, so a dropped SSH link must not kill it half way.
 */
export const upgradeApply = scriptStep({
  id: 'upgrade-apply',
  script,
  detached: true,
  retrySafe: true,
  retries: 1,
  timeoutMs: 15 * 60_000,
  diagnosisJournals: ['kubelet', 'runtime'],
  when: (node, _plan, nodes) => isFirstControlPlane(node, nodes),
  dependsOn: ['upgrade-kubeadm'],
  env: (ctx) => hopVersionEnv(ctx),
});
