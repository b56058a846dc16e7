import type { KubeadmPlanSummary } from '../../common/contracts/upgrade';
import { AppError } from '../../common/model/appError';
import type { NodeSpec } from '../../common/model/node';
import {
  parseKubeadmUpgradePlan,
  type KubeadmUpgradePlanOutput,
} from '../../common/upgrade/kubeadmPlanParser';
import type { Remote } from '../engine/remote';
import { tail } from '../engine/step';
import { firstControlPlane } from '../steps/plan';

/**
 * `kubeadm upgrade plan v$KL_VERSION` on the first control plane, read-only. kubeadm's reference
 * (https://kubernetes.io/docs/reference/setup-tools/kubeadm/generated/kubeadm_upgrade/kubeadm_upgrade_plan):
 * "This command can only run on the control plane nodes where the kubeconfig file "admin.conf"
 * exists. To skip the internet check, pass in the optional [version] parameter." —
 * `kubeadm upgrade plan [version] [flags]`, --kubeconfig default /etc/kubernetes/admin.conf.
 * The version given is kubelab's hop, so the node never asks dl.k8s.io (labs are often offline).
 */
export const KUBEADM_PLAN_SCRIPT = `set -u
command -v kubeadm >/dev/null 2>&1 || { echo "kubeadm: command not found on this control plane" >&2; exit 127; }
kubeadm upgrade plan "v$KL_VERSION" 2>&1
`;

/** What kubeadm said: the parser's whole output (to compare) and its summary (for the faces). */
export interface KubeadmLivePlan {
  parsed: KubeadmUpgradePlanOutput;
  summary: KubeadmPlanSummary;
}

/** kubeadm's upgrade plan asked on the first control plane, parsed (both table formats). */
export async function kubeadmLivePlan(
  nodes: readonly NodeSpec[],
  hop: string,
  remote: (nodeId: string) => Pick<Remote, 'exec'> | Promise<Pick<Remote, 'exec'>>,
): Promise<KubeadmLivePlan> {
  const cp = firstControlPlane(nodes);
  if (!cp) {
    throw new AppError({
      code: 'no_control_plane',
      field: 'nodes',
      message: 'The project has no control-plane node to ask kubeadm upgrade plan on.',
    });
  }
  const res = await (
    await remote(cp.id)
  ).exec(KUBEADM_PLAN_SCRIPT, {
    root: true,
    env: { KL_VERSION: hop },
    timeoutMs: 3 * 60_000,
  });
  if (res.code !== 0) {
    throw new AppError({
      code: 'kubeadm_plan_failed',
      nodeId: cp.id,
      message: `kubeadm upgrade plan v${hop} on ${cp.name} exited ${res.code}: ${tail(res.stdout || res.stderr)}`,
    });
  }
  const parsed = parseKubeadmUpgradePlan(res.stdout);
  return { parsed, summary: summarise(cp.id, parsed) };
}

function summarise(nodeId: string, parsed: KubeadmUpgradePlanOutput): KubeadmPlanSummary {
  return {
    nodeId,
    format: parsed.format,
    ...(parsed.clusterVersion === undefined ? {} : { clusterVersion: parsed.clusterVersion }),
    ...(parsed.kubeadmVersion === undefined ? {} : { kubeadmVersion: parsed.kubeadmVersion }),
    upgrades: parsed.upgrades.map((u) => ({
      description: u.description,
      ...(u.applyVersion === undefined ? {} : { applyVersion: u.applyVersion }),
      components: u.components.map((c) => ({ name: c.name, current: c.current, target: c.target })),
    })),
  };
}
