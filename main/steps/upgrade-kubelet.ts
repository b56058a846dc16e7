import script from './scripts/upgrade-kubelet.sh?raw';
import { nodeIp } from './plan';
import { scriptStep } from './scriptStep';
import { hopVersionEnv, upgradeRunEnv } from './upgradeHop';

const READY_TIMEOUT_S = 300;

/**
 * Every node, after its kubeadm step: kubelet and kubectl at the hop's version, the kubelet
 * restarted, done when the Node reports that version and Ready. Every kubelet waits for the
 * control plane's apply, so no kubelet is ever newer than the API server (the skew policy). The
 * node was drained just before (upgrade-drain) and is uncordoned after (upgrade-uncordon).
 */
export const upgradeKubelet = scriptStep({
  id: 'upgrade-kubelet',
  script,
  retries: 1,
  timeoutMs: (READY_TIMEOUT_S + 300) * 1000,
  diagnosisJournals: ['kubelet', 'runtime'],
  dependsOn: [
    { step: 'upgrade-apply', on: 'control-plane' },
    { step: 'upgrade-node', on: 'same-node' },
  ],
  env: (ctx) => ({
    ...hopVersionEnv(ctx),
    ...upgradeRunEnv(ctx),
    NODE_IP: nodeIp(ctx.node) || ctx.node.address,
    TIMEOUT_S: String(READY_TIMEOUT_S),
  }),
});
