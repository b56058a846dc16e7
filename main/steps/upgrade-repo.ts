import script from './scripts/upgrade-repo.sh?raw';
import { scriptStep } from './scriptStep';
import { hopRepoEnv } from './upgradeHop';

/** Every node: the Kubernetes package repository of the hop's minor, index refreshed. */
export const upgradeRepo = scriptStep({
  id: 'upgrade-repo',
  script,
  retries: 2,
  env: (ctx) => hopRepoEnv(ctx),
});
