import script from './scripts/upgrade-kubeadm.sh?raw';
import { scriptStep } from './scriptStep';
import { hopVersionEnv } from './upgradeHop';

/** Every node: kubeadm at the hop's version (kubeadm's docs upgrade it before anything else). */
export const upgradeKubeadm = scriptStep({
  id: 'upgrade-kubeadm',
  script,
  retries: 2,
  dependsOn: ['upgrade-repo'],
  env: (ctx) => hopVersionEnv(ctx),
});
