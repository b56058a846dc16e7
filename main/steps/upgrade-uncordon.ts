import type { NodeSpec } from '../../common/model/node';
import script from './scripts/upgrade-uncordon.sh?raw';
import { firstControlPlane, nodeIp } from './plan';
import { scriptStep } from './scriptStep';
import { hopVersionEnv, upgradeRunEnv } from './upgradeHop';

/** Every node, once its kubelet reports the hop: uncordoned by kubectl on the first control plane. */
export const upgradeUncordon = scriptStep({
  id: 'upgrade-uncordon',
  script,
  retries: 1,
  runsOn: (_node: NodeSpec, nodes: readonly NodeSpec[]) => firstControlPlane(nodes),
  env: (ctx) => ({
    ...hopVersionEnv(ctx),
    ...upgradeRunEnv(ctx),
    TARGET_IP: nodeIp(ctx.node) || ctx.node.address,
  }),
});
