import script from './scripts/upgrade-backup.sh?raw';
import { scriptStep } from './scriptStep';
import { hopVersionEnv } from './upgradeHop';

/** Every control plane, before its kubeadm upgrade: /etc/kubernetes copied aside for the hop. */
export const upgradeBackup = scriptStep({
  id: 'upgrade-backup',
  script,
  appliesTo: ['control-plane'],
  retries: 1,
  env: (ctx) => hopVersionEnv(ctx),
});
