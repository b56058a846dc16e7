import { compareWithKubeadm } from '../../common/upgrade/compareWithKubeadm';
import { parseKubeadmUpgradePlan } from '../../common/upgrade/kubeadmPlanParser';
import { planUpgrade } from '../../common/upgrade/planUpgrade';
import { unfinishedHop, type UnfinishedHop } from '../../common/upgrade/hopProgress';
import { projectRunRecords } from '../store/runRecords';
import type { Handlers } from '../api/handlers';
import type { ProjectStore } from '../store/projectStore';
import { AppError } from '../../common/model/appError';
import { kubeadmLivePlan } from '../operations/upgradeLivePlan';
import type { Remote } from '../engine/remote';

type UpgradeHandlers = Pick<Handlers, 'upgrade.plan' | 'upgrade.livePlan'>;

/**
 * The upgrade plan of the open project. The cluster's version is the plan's (what kubelab
 * installed); the nodes' live versions are not asked — the upgrade run derives its state from the
 * cluster (issue 20). A hop run that did not finish is described from its record (`unfinished`:
 * which node is on which version, where it stopped).
 */
export function createUpgradeHandlers(
  store: ProjectStore,
  nodes?: { remote(nodeId: string): Pick<Remote, 'exec'> },
): UpgradeHandlers {
  /** The last hop run's per-node state when it did not finish (from its record, read-only). */
  const unfinished = async (): Promise<{ unfinished?: UnfinishedHop }> => {
    const project = store.get();
    const hop = unfinishedHop(
      await projectRunRecords(store).list(),
      project.plan.kubernetesVersion,
      project.nodes.map((n) => n.id),
    );
    return hop ? { unfinished: hop } : {};
  };
  return {
    /**
     * kubelab's plan next to kubeadm's own: `kubeadm upgrade plan v<first hop>` on the first
     * control plane (read-only), parsed and compared; a disagreement is listed, never hidden.
     */
    'upgrade.livePlan': async ({ to, workerBatchSize, dockerMigration }) => {
      const project = store.get();
      const result = planUpgrade({
        plan: project.plan,
        nodes: project.nodes,
        to,
        workerBatchSize,
        dockerMigration,
      });
      const hop = result.plan?.hops[0];
      if (!result.plan || !hop) return { ...result, disagreements: [], kubeadm: null };
      if (!nodes) {
        throw new AppError({ code: 'not_configured', message: 'upgrade.livePlan: no machines' });
      }
      const live = await kubeadmLivePlan(project.nodes, hop.to, (id) => nodes.remote(id));
      const disagreements = compareWithKubeadm(live.parsed, result.plan);
      return {
        plan: result.plan,
        errors: result.errors,
        disagreements,
        kubeadm: live.summary,
        ...(await unfinished()),
      };
    },
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
      return { plan: result.plan, errors: result.errors, disagreements, ...(await unfinished()) };
    },
  };
}
