import script from './scripts/upgrade-node.sh?raw';
import { isFirstControlPlane, nodeIp } from './plan';
import { scriptStep } from './scriptStep';
import { hopVersionEnv } from './upgradeHop';

/** Every other node, once the first control plane is upgraded: `kubeadm upgrade node`. */
export const upgradeNode = scriptStep({
  id: 'upgrade-node',
  script,
  retries: 1,
  when: (node, _plan, nodes) => !isFirstControlPlane(node, nodes),
  dependsOn: ['upgrade-kubeadm', { step: 'upgrade-apply', on: 'control-plane' }],
  env: (ctx) => ({ ...hopVersionEnv(ctx), NODE_IP: nodeIp(ctx.node) || ctx.node.address }),
});
