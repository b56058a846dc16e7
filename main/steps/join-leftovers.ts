import script from './scripts/join-leftovers.sh?raw';
import { isFirstControlPlane } from './plan';
import { scriptStep } from './scriptStep';

/**
 * add-node, on every joining machine before anything is installed on it: files of an earlier
 * Kubernetes install that kubeadm join's preflight would refuse (/etc/kubernetes/manifests not
 * empty, bootstrap-kubelet.conf, a worker's pki/ca.crt) are named with kubeadm's own check names
 * (issue 19, "leftover /etc/kubernetes files are caught in preflight"). kubelab does not reset
 * the machine by itself: that destroys the other install's state, so the user resets it.
 */
export const joinLeftovers = scriptStep({
  id: 'join-leftovers',
  script,
  when: (node, _plan, nodes) => !isFirstControlPlane(node, nodes),
  timeoutMs: 60_000,
  env: ({ node }) => ({ CONTROL_PLANE: node.role === 'control-plane' ? '1' : '0' }),
});
