import type { NodeSpec } from '../../common/model/node';
import script from './scripts/upgrade-drain.sh?raw';
import { firstControlPlane, isFirstControlPlane, nodeIp, planFacts } from './plan';
import { DRAIN_TIMEOUT } from './remove-node';
import { scriptStep } from './scriptStep';
import { hopPlan, hopVersionEnv } from './upgradeHop';

/**
 * The flag that lets a drain evict pods with emptyDir volumes, for the kubectl that runs it:
 * kubectl 1.20 renamed --delete-local-data to --delete-emptydir-data (kubernetes/kubernetes#95076,
 * CHANGELOG-1.20; the old name then warns "Flag --delete-local-data has been deprecated").
 */
export function emptyDirFlag(kubectlMinor: number): string {
  return kubectlMinor >= 20 ? '--delete-emptydir-data' : '--delete-local-data';
}

/**
 * Every node, after its kubeadm step and before its kubelet: drained by kubectl on the first
 * control plane (only it holds admin.conf). The first control plane drains itself before its own
 * kubectl is upgraded, so it still runs the previous minor's kubectl; every other turn comes
 * after that node's upgrade-kubelet, so the hop's kubectl drains it.
 */
export const upgradeDrain = scriptStep({
  id: 'upgrade-drain',
  script,
  retries: 1,
  // kubectl drain waits DRAIN_TIMEOUT itself; this leaves it room.
  timeoutMs: 5 * 60_000,
  dependsOn: [
    { step: 'upgrade-apply', on: 'control-plane' },
    { step: 'upgrade-node', on: 'same-node' },
  ],
  runsOn: (_node: NodeSpec, nodes: readonly NodeSpec[]) => firstControlPlane(nodes),
  env: (ctx) => {
    const hopMinor = planFacts(hopPlan(ctx)).version.minor;
    const kubectlMinor = isFirstControlPlane(ctx.node, ctx.nodes) ? hopMinor - 1 : hopMinor;
    return {
      ...hopVersionEnv(ctx),
      TARGET_IP: nodeIp(ctx.node) || ctx.node.address,
      DRAIN_FLAGS: emptyDirFlag(kubectlMinor),
      DRAIN_TIMEOUT,
    };
  },
});
