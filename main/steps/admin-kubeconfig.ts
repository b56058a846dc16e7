import script from './scripts/admin-kubeconfig.sh?raw';
import { isFirstControlPlane } from './plan';
import { scriptStep } from './scriptStep';

export const adminKubeconfig = scriptStep({
  id: 'admin-kubeconfig',
  script,
  when: (node, _plan, nodes) => isFirstControlPlane(node, nodes),
  retries: 2,
  env: ({ node }) => ({ ADMIN_USER: node.user }),
});
