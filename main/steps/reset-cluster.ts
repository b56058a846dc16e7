import script from './scripts/reset-cluster.sh?raw';
import { planFacts } from './plan';
import { scriptStep } from './scriptStep';

export const resetCluster = scriptStep({
  id: 'reset-cluster',
  script,
  retries: 1,
  env: ({ node, plan }) => ({ CRI_SOCKET: planFacts(plan).criSocket, ADMIN_USER: node.user }),
});
