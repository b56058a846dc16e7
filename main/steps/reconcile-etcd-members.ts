import type { NodeSpec } from '../../common/model/node';
import { AddNodeParamsSchema } from '../../common/model/addNodeParams';
import script from './scripts/reconcile-etcd-members.sh?raw';
import { isFirstControlPlane, nodeIp } from './plan';
import { scriptStep, type Ctx, type Env } from './scriptStep';

const addressOf = (n: NodeSpec): string => nodeIp(n) || n.address;

/**
 * The script's environment: the joining control planes' addresses (this run's machines), every
 * control plane's address in the plan, and whether the user confirmed removing stale members.
 * kubeadm's member peer URL is https://<advertise address>:2380 (cmd/kubeadm/app/phases/etcd/
 * local.go), the advertise address being the node's (join-control-plane's localAPIEndpoint).
 */
export function reconcileEtcdEnv(ctx: Ctx): Env {
  const params = AddNodeParamsSchema.parse(ctx.params);
  const joining = ctx.nodes.filter(
    (n) => n.role === 'control-plane' && params.nodeIds.includes(n.id),
  );
  return {
    JOINING_IPS: joining.map(addressOf).join(' '),
    CONTROL_PLANE_IPS: ctx.nodes
      .filter((n) => n.role === 'control-plane')
      .map(addressOf)
      .join(' '),
    REMOVE_STALE: params.removeStaleEtcdMembers === true ? '1' : '0',
  };
}

/**
 * Before a control plane joins a stacked-etcd cluster later (add-node): etcd's members of machines
 * that were reset or lost are shown, and removed once the user confirmed (issue 19).
 */
export const reconcileEtcdMembers = scriptStep({
  id: 'reconcile-etcd-members',
  script,
  when: (node, plan, nodes) => plan.topology === 'stacked-etcd' && isFirstControlPlane(node, nodes),
  dependsOn: [{ step: 'kubeadm-init', on: 'same-node' }],
  timeoutMs: 2 * 60_000,
  env: reconcileEtcdEnv,
});
