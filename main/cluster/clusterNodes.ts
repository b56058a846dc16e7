import { AppError } from '../../common/model/appError';
import type { NodeSpec } from '../../common/model/node';
import type { Remote } from '../engine/remote';
import { tail } from '../engine/step';
import { firstControlPlane } from '../steps/plan';
import { ADMIN_CONF } from './adminKubeconfig';

/**
 * `kubectl get nodes -o wide` on the first control plane with kubeadm's admin kubeconfig, as
 * root (admin.conf is 0600 root:root): the cluster's own view of its nodes, printed as kubectl
 * prints it (https://kubernetes.io/docs/reference/kubectl/generated/kubectl_get/, `-o wide`).
 * Undefined when the project has no control plane to ask.
 */
export async function readClusterNodes(
  nodes: readonly NodeSpec[],
  remote: (nodeId: string) => Remote,
): Promise<{ nodeId: string; nodeName: string; table: string } | undefined> {
  const cp = firstControlPlane(nodes);
  if (!cp) return undefined;
  const res = await remote(cp.id).exec(`kubectl --kubeconfig ${ADMIN_CONF} get nodes -o wide`, {
    root: true,
  });
  if (res.code !== 0) {
    throw new AppError({
      code: 'kubectl_failed',
      message: `kubectl on ${cp.name} failed: ${tail(res.stderr || res.stdout)}`,
      nodeId: cp.id,
    });
  }
  return { nodeId: cp.id, nodeName: cp.name, table: res.stdout };
}
