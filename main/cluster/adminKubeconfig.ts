import { AppError } from '../../common/model/appError';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import type { Remote } from '../engine/remote';
import { firstControlPlane } from '../steps/plan';
import { rewriteServer } from './kubeconfigServer';

/** Where kubeadm init writes the admin's kubeconfig (kubeadm's constants.AdminKubeConfigFileName). */
export const ADMIN_CONF = '/etc/kubernetes/admin.conf';

export interface AdminKubeconfig {
  /** `<cluster>-admin.conf`: letters, digits, dot, dash and underscore only. */
  filename: string;
  /** The file, server rewritten for the desktop when needed. A secret (the admin's client key). */
  kubeconfig: string;
  servers: string[];
  rewritten: boolean;
  /** The control-plane node it was read from. */
  nodeId: string;
}

export function kubeconfigFilename(clusterName: string): string {
  const base = clusterName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'cluster';
  return `${base.slice(0, 100)}-admin.conf`;
}

/**
 * Reads admin.conf from the first control plane as root (it is 0600 root:root, like the
 * admin-kubeconfig step reads it) and fits its server for the desktop (kubeconfigServer.ts).
 * Only stderr's last line reaches an error: stdout is the secret.
 */
export async function readAdminKubeconfig(
  nodes: readonly NodeSpec[],
  plan: ClusterPlan,
  remote: (nodeId: string) => Remote,
): Promise<AdminKubeconfig> {
  const cp = firstControlPlane(nodes);
  if (!cp)
    throw new AppError({
      code: 'invalid_payload',
      field: 'nodes',
      message: 'The project has no control-plane node, so there is no admin kubeconfig to read.',
    });
  const res = await remote(cp.id).exec(`cat ${ADMIN_CONF}`, { root: true, timeoutMs: 30_000 });
  if (res.code !== 0 || res.stdout.trim() === '') {
    const why = res.stderr.trim().split('\n').pop() ?? '';
    throw new AppError({
      code: 'kubeconfig_missing',
      nodeId: cp.id,
      message: `Could not read ${ADMIN_CONF} on ${cp.name} (exit ${res.code})${why ? `: ${why}` : ''}. Is the cluster installed?`,
    });
  }
  const out = rewriteServer({
    kubeconfig: res.stdout,
    reachableAddress: cp.address,
    bindPort: plan.bindPort,
    controlPlaneEndpoint: plan.controlPlaneEndpoint,
  });
  return { filename: kubeconfigFilename(plan.clusterName), nodeId: cp.id, ...out };
}
