import { compareWithKubeadm } from '../../common/upgrade/compareWithKubeadm';
import { parseKubeadmUpgradePlan } from '../../common/upgrade/kubeadmPlanParser';
import { planUpgrade } from '../../common/upgrade/planUpgrade';
import type { Handlers } from '../api/handlers';
import type { ProjectStore } from '../store/projectStore';

type UpgradeHandlers = Pick<Handlers, 'upgrade.plan'>;

/**
 * The upgrade plan of the open project. The cluster's version is the plan's (what kubelab
 * installed); the nodes' live versions are not asked yet — that comes with the upgrade run, which
 * derives its state from the cluster (issue 20).
 */
export function createUpgradeHandlers(store: ProjectStore): UpgradeHandlers {
  return {
    'upgrade.plan': async ({ to, workerBatchSize, dockerMigration, kubeadmPlanOutput }) => {
      const project = store.get();
      const result = planUpgrade({
        plan: project.plan,
        nodes: project.nodes,
        to,
        workerBatchSize,
        dockerMigration,
      });
      const disagreements =
        result.plan && kubeadmPlanOutput !== undefined
          ? compareWithKubeadm(parseKubeadmUpgradePlan(kubeadmPlanOutput), result.plan)
          : [];
      return { plan: result.plan, errors: result.errors, disagreements };
    },
  };
}
