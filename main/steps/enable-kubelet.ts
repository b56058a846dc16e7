import script from './scripts/enable-kubelet.sh?raw';
import { nodeIp } from './plan';
import { scriptStep } from './scriptStep';

export const enableKubelet = scriptStep({
  id: 'enable-kubelet',
  script,
  retries: 1,
  env: ({ node }) => ({ NODE_IP: nodeIp(node) }),
});
