import { isHaTopology } from '../../model/ha';
import type { NodeSpec } from '../../model/node';
import type { ClusterPlan, FieldError } from '../../model/plan';

/**
 * How many members etcd can lose and keep quorum: a cluster of n needs a majority,
 * floor(n/2)+1, so it tolerates floor((n-1)/2) failures. An even member count adds a machine
 * without adding a tolerated failure (etcd FAQ, "Why an odd number of cluster members?",
 * etcd.io/docs/v3.5/faq/#why-an-odd-number-of-cluster-members).
 */
export function toleratedFailures(members: number): number {
  return members < 1 ? 0 : Math.floor((members - 1) / 2);
}

/**
 * Problems that do not block a plan but must be said loudly: an even number of etcd members,
 * and stacked HA with fewer than three control planes. Same {en, zh} shape as field errors, so
 * the UI, the preview and the CLI print them the same way. The count of control planes comes
 * from the nodes' roles; with no nodes yet (a draft) there is nothing to count. "A minimum of
 * three stacked control plane nodes is required for an HA cluster"
 * (kubernetes.io/docs/setup/production-environment/tools/kubeadm/ha-topology/).
 */
export function haWarnings(plan: ClusterPlan, nodes: readonly NodeSpec[]): FieldError[] {
  const controlPlanes = nodes.filter((n) => n.role === 'control-plane');
  if (!isHaTopology(plan.topology)) return singleWarnings(controlPlanes);
  return quorumWarnings(plan, controlPlanes.length);
}

/**
 * Several control-plane nodes with the single topology: a warning, not an error, because
 * projects written before HA existed may have them, and they must keep installing as before
 * (the first control plane runs `kubeadm init`, the others join the way a worker does).
 */
function singleWarnings(controlPlanes: readonly NodeSpec[]): FieldError[] {
  const [first] = controlPlanes;
  if (!first || controlPlanes.length < 2) return [];
  return [
    {
      field: 'topology',
      message: `${controlPlanes.length} nodes have the control-plane role but the topology is single: only ${first.name} runs the control plane, the others join as workers. Choose stacked-etcd or external-etcd for HA.`,
      messageZh: `有 ${controlPlanes.length} 个节点是控制平面角色，但拓扑为 single：只有 ${first.name} 运行控制平面，其他节点以工作节点身份加入。高可用请选择 stacked-etcd 或 external-etcd。`,
    },
  ];
}

function quorumWarnings(plan: ClusterPlan, controlPlanes: number): FieldError[] {
  const warnings: FieldError[] = [];
  const stacked = plan.topology === 'stacked-etcd';
  const members = stacked ? controlPlanes : (plan.externalEtcdEndpoints ?? []).length;
  const field = stacked ? 'nodes' : 'externalEtcdEndpoints';
  const what = stacked ? 'control planes (each runs an etcd member)' : 'external etcd members';
  const whatZh = stacked ? '个控制平面（每个运行一个 etcd 成员）' : '个外部 etcd 成员';
  if (members > 0 && members % 2 === 0) {
    const n = toleratedFailures(members);
    warnings.push({
      field,
      message: `${members} ${what} tolerate ${n} failure${n === 1 ? '' : 's'}, the same as ${members - 1}: etcd keeps working only while a majority (${Math.floor(members / 2) + 1} of ${members}) is up. Use an odd number.`,
      messageZh: `${members} ${whatZh}只能容忍 ${n} 个故障，与 ${members - 1} 个相同：etcd 只有在多数成员（${members} 个中的 ${Math.floor(members / 2) + 1} 个）在线时才能工作。请使用奇数个。`,
    });
  }
  if (stacked && controlPlanes > 0 && controlPlanes < 3) {
    warnings.push({
      field: 'nodes',
      message: `Stacked etcd HA with ${controlPlanes} control plane${controlPlanes === 1 ? '' : 's'} tolerates ${toleratedFailures(controlPlanes)} failures; kubeadm's HA topology needs at least 3.`,
      messageZh: `堆叠 etcd 高可用只有 ${controlPlanes} 个控制平面，只能容忍 ${toleratedFailures(controlPlanes)} 个故障；kubeadm 的高可用拓扑至少需要 3 个。`,
    });
  }
  return warnings;
}
