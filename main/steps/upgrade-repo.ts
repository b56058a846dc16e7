import script from './scripts/upgrade-repo.sh?raw';
import { scriptStep } from './scriptStep';
import { hopRepoEnv } from './upgradeHop';

/**
 * Every node: the Kubernetes package repository of the hop's minor, index refreshed. The hop's
 * first change anywhere, so it waits for the safety checks (upgrade-preflight).
 */
export const upgradeRepo = scriptStep({
  id: 'upgrade-repo',
  script,
  retries: 2,
  dependsOn: [{ step: 'upgrade-preflight', on: 'control-plane' }],
  env: (ctx) => hopRepoEnv(ctx),
});
