import type { NodeSpec } from '../model/node';
import type { NodeTurn } from './schema';

/**
 * The order of one hop over the nodes, as kubeadm's upgrade guide sets it ("Upgrading kubeadm
 * clusters", kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade; the 1.18 page
 * read at kubernetes/website@0189ae0f6bf2a79ff2e4bfd5f9ec0da98d64c5d2): the first control plane
 * runs `kubeadm upgrade apply vX.Y.Z`, every other control plane `kubeadm upgrade node` ("Same as
 * the first control plane node but use sudo kubeadm upgrade node"), one at a time; then the
 * workers run `kubeadm upgrade node`, "one node at a time or few nodes at a time, without
 * compromising the minimum required capacity for running your workloads", here in batches of the
 * size the user sets. Each node is drained (kubectl drain --ignore-daemonsets), its kubelet and
 * kubectl upgraded, the kubelet restarted, and the node uncordoned.
 */

export type NodeRef = Pick<NodeSpec, 'id' | 'name' | 'role'>;

/** A node's kubelet version, when known (`1.19.16`, without the `v`). */
export type KubeletVersions = Readonly<Record<string, string | undefined>>;

export function nodeTurns(
  nodes: readonly NodeRef[],
  hopTo: string,
  batchSize: number,
  kubelets: KubeletVersions,
): NodeTurn[] {
  const controlPlanes = nodes.filter((n) => n.role === 'control-plane');
  const workers = nodes.filter((n) => n.role === 'worker');
  const turns: NodeTurn[] = [];
  controlPlanes.forEach((n, i) => {
    const first = i === 0;
    turns.push({
      nodeId: n.id,
      name: n.name,
      role: n.role,
      action: first ? 'upgrade-apply' : 'upgrade-node',
      command: first ? `kubeadm upgrade apply v${hopTo}` : 'kubeadm upgrade node',
      phase: i,
      drain: true,
      alreadyDone: kubelets[n.id] === hopTo,
    });
  });
  const firstWorkerPhase = controlPlanes.length;
  workers.forEach((n, i) => {
    const batch = Math.floor(i / batchSize) + 1;
    turns.push({
      nodeId: n.id,
      name: n.name,
      role: n.role,
      action: 'upgrade-node',
      command: 'kubeadm upgrade node',
      phase: firstWorkerPhase + batch - 1,
      batch,
      drain: true,
      alreadyDone: kubelets[n.id] === hopTo,
    });
  });
  return turns;
}
