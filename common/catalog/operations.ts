/**
 * The operation catalog: every cluster operation kubelab runs, as k0sctl's actions and
 * Kubespray's playbooks are units. An operation's id is what a run records (RunState.kind),
 * what `run-started` says started, and what the CLI command and the UI's operations menu are
 * named after. Titles and confirmations are data; the steps live in main/steps.
 *
 * `built: false` marks operations the design names (design §4 "Day 2") that have no steps yet:
 * they are in the closed enum so a run record or a plan can name them, but neither face offers
 * them until their steps exist.
 */
import { z } from 'zod';

export const OPERATION_IDS = [
  'install',
  'add-node',
  'reset-node',
  'reset-cluster',
  'join-control-plane',
  'remove-node',
  'upgrade',
  'renew-certs',
  'backup-etcd',
  'restore-etcd',
  'replace-node',
  'ha-failover-test',
] as const;

export const OperationIdSchema = z.enum(OPERATION_IDS);
export type OperationId = z.infer<typeof OperationIdSchema>;

/**
 * What the user must do before it runs: nothing, confirm once (it changes machines but destroys
 * nothing), or confirm a destructive operation that names what it destroys.
 */
export type Confirmation = 'none' | 'once' | 'destructive';

/** What the faces know about the cluster when they decide what to offer. */
export interface ClusterStatus {
  /** The last install run succeeded and no cluster reset came after it. */
  installed: boolean;
  /** Machines in the project that the installed cluster does not have yet. */
  machinesOutsideCluster: number;
  /** Machines of the installed cluster. */
  machinesInCluster: number;
}

export interface OperationInfo {
  id: OperationId;
  title: { en: string; zh: string };
  /** One line for the operations menu and `kubelab --help`. */
  summary: { en: string; zh: string };
  confirm: Confirmation;
  /** For destructive operations: what is destroyed, said before the user confirms. */
  destroys?: { en: string; zh: string };
  /** The `kubelab` command that starts it (reset-node is `kubelab reset --node <id>`). */
  cli: string;
  /** Whether the operation targets chosen machines (`--node` on the CLI) or the whole cluster. */
  targets: 'cluster' | 'machines';
  built: boolean;
  /** When the faces offer it. */
  offered(status: ClusterStatus): boolean;
}

const never = (): boolean => false;

export const OPERATIONS: readonly OperationInfo[] = [
  {
    id: 'install',
    cli: 'apply',
    title: { en: 'Install', zh: '安装' },
    summary: {
      en: 'Install the cluster on every machine of the plan (resumes an unfinished install).',
      zh: '在计划中的所有机器上安装集群（会继续未完成的安装）。',
    },
    confirm: 'none',
    targets: 'cluster',
    built: true,
    offered: () => true,
  },
  {
    id: 'add-node',
    cli: 'add-node',
    title: { en: 'Add machines', zh: '添加机器' },
    summary: {
      en: 'Join machines added after the install with a fresh join token: workers, and in a highly available plan control planes (one at a time, after stale etcd members are reconciled).',
      zh: '用新的加入令牌，把安装后添加的机器加入集群：工作节点；高可用计划中也可以是控制平面（逐个加入，先核对陈旧的 etcd 成员）。',
    },
    confirm: 'once',
    targets: 'machines',
    built: true,
    offered: (s) => s.installed && s.machinesOutsideCluster > 0,
  },
  {
    id: 'reset-node',
    cli: 'reset',
    title: { en: 'Reset a machine', zh: '重置机器' },
    summary: {
      en: 'Drain a machine and undo kubeadm on it (kubeadm reset and its leftovers).',
      zh: '驱逐一台机器上的工作负载，并撤销其上的 kubeadm（kubeadm reset 及其残留）。',
    },
    confirm: 'destructive',
    destroys: {
      en: "The machine's Kubernetes state: its kubelet configuration, certificates, static pods, CNI configuration and iptables rules.",
      zh: '该机器上的 Kubernetes 状态：kubelet 配置、证书、静态 Pod、CNI 配置和 iptables 规则。',
    },
    targets: 'machines',
    built: true,
    offered: (s) => s.machinesInCluster > 0,
  },
  {
    id: 'reset-cluster',
    cli: 'reset',
    title: { en: 'Reset the cluster', zh: '重置集群' },
    summary: {
      en: 'Undo kubeadm on every machine: workers first, the control plane last.',
      zh: '在每台机器上撤销 kubeadm：先工作节点，最后控制平面。',
    },
    confirm: 'destructive',
    destroys: {
      en: "The whole cluster: every workload, the cluster's etcd data and certificates, and each machine's Kubernetes state.",
      zh: '整个集群：所有工作负载、集群的 etcd 数据和证书，以及每台机器上的 Kubernetes 状态。',
    },
    targets: 'cluster',
    built: true,
    offered: (s) => s.machinesInCluster > 0,
  },
  {
    id: 'join-control-plane',
    cli: 'join-control-plane',
    title: { en: 'Join a control plane', zh: '加入控制平面' },
    summary: {
      en: 'Join another control plane behind the cluster endpoint.',
      zh: '在集群端点之后加入另一个控制平面。',
    },
    confirm: 'once',
    targets: 'machines',
    built: false,
    offered: never,
  },
  {
    id: 'remove-node',
    cli: 'remove-node',
    title: { en: 'Remove a machine', zh: '移除机器' },
    summary: {
      en: 'Drain, reset and delete a machine from the cluster (and its etcd member).',
      zh: '从集群中驱逐、重置并删除一台机器（及其 etcd 成员）。',
    },
    confirm: 'destructive',
    destroys: {
      en: "The machine's place in the cluster (its node object and, for a control plane, its etcd member) and its Kubernetes state: kubeadm reset, CNI configuration and interfaces, iptables rules and kubeconfig files. An unreachable machine is removed from the cluster only.",
      zh: '该机器在集群中的位置（其节点对象，以及控制平面的 etcd 成员）及其 Kubernetes 状态：kubeadm reset、CNI 配置与网卡、iptables 规则和 kubeconfig 文件。无法连接的机器只从集群中移除。',
    },
    targets: 'machines',
    built: true,
    offered: (s) => s.machinesInCluster > 0,
  },
  {
    id: 'upgrade',
    cli: 'upgrade',
    title: { en: 'Upgrade', zh: '升级' },
    summary: {
      en: 'Upgrade the cluster one minor version at a time.',
      zh: '逐个次版本升级集群。',
    },
    confirm: 'once',
    targets: 'cluster',
    // One hop per run, from the operations menu or `kubelab upgrade --to V --yes` alike.
    built: true,
    offered: (s) => s.installed,
  },
  {
    id: 'renew-certs',
    cli: 'certs renew',
    title: { en: 'Renew certificates', zh: '续期证书' },
    summary: {
      en: 'Renew the certificates kubeadm manages on each control plane, and regenerate kubelet.conf on nodes whose kubelet cannot rotate its client certificate.',
      zh: '在每个控制平面上续期 kubeadm 管理的证书，并为无法自行轮换客户端证书的节点重新生成 kubelet.conf。',
    },
    confirm: 'once',
    targets: 'cluster',
    built: true,
    offered: (s) => s.installed,
  },
  {
    id: 'backup-etcd',
    cli: 'etcd backup',
    title: { en: 'Back up etcd', zh: '备份 etcd' },
    summary: {
      en: 'Save an etcd snapshot and download it to this computer.',
      zh: '保存 etcd 快照并下载到本机。',
    },
    confirm: 'none',
    targets: 'cluster',
    built: true,
    offered: (s) => s.installed,
  },
  {
    id: 'restore-etcd',
    cli: 'etcd restore',
    title: { en: 'Restore etcd', zh: '恢复 etcd' },
    summary: {
      en: 'Replace the cluster state with an etcd snapshot.',
      zh: '用 etcd 快照替换集群状态。',
    },
    confirm: 'destructive',
    destroys: {
      en: 'Everything the cluster changed since the snapshot was taken. Every etcd member’s data is replaced, and the API is down on every control plane until the restore ends.',
      zh: '快照之后集群发生的所有变更。每个 etcd 成员的数据都会被替换，恢复结束前所有控制平面上的 API 都不可用。',
    },
    targets: 'cluster',
    built: true,
    offered: (s) => s.installed,
  },
  {
    id: 'replace-node',
    cli: 'replace-node',
    title: { en: 'Replace a machine', zh: '替换机器' },
    summary: {
      en: 'Remove a machine from the cluster and join a spare one of the same role in its place, in one run.',
      zh: '在一次运行中从集群移除一台机器，并让一台同角色的备用机器加入替代它。',
    },
    confirm: 'destructive',
    destroys: {
      en: "The old machine's place in the cluster and its workloads: its pods are evicted, its node object (and, for a control plane, its etcd member) is deleted, and kubeadm reset wipes its /etc/kubernetes, CNI configuration and interfaces and iptables rules. An unreachable old machine is removed from the cluster only.",
      zh: '旧机器在集群中的位置及其工作负载：其 Pod 被驱逐，其节点对象（控制平面还有其 etcd 成员）被删除，kubeadm reset 清除其 /etc/kubernetes、CNI 配置与网卡以及 iptables 规则。无法连接的旧机器只从集群中移除。',
    },
    targets: 'machines',
    built: true,
    // An installed cluster (the spare joins it), a machine of it and a spare of the project.
    offered: (s) => s.installed && s.machinesInCluster > 0 && s.machinesOutsideCluster > 0,
  },
  {
    id: 'ha-failover-test',
    cli: 'ha-failover',
    title: { en: 'Test the VIP failover', zh: '测试 VIP 故障转移' },
    summary: {
      en: 'Take the VIP away from the control plane holding it (keepalived stopped, or kube-vip’s manifest moved aside), check that another control plane takes it and the API answers through it, then put the holder back.',
      zh: '让持有 VIP 的控制平面交出 VIP（停止 keepalived，或移开 kube-vip 的清单），检查另一个控制平面接管 VIP 且 API 经 VIP 仍有应答，然后恢复原持有者。',
    },
    confirm: 'once',
    targets: 'cluster',
    built: true,
    // Run from the HA live panel and `kubelab ha-failover`: the menu's ClusterStatus does not
    // know whether the plan has a VIP kubelab runs (the operation refuses other plans).
    offered: never,
  },
];

export function operationInfo(id: OperationId): OperationInfo {
  const info = OPERATIONS.find((o) => o.id === id);
  if (!info) throw new Error(`unknown operation ${id}`);
  return info;
}

/** The operations the faces offer for a cluster in this state (built ones only), in menu order. */
export function offeredOperations(status: ClusterStatus): OperationInfo[] {
  return OPERATIONS.filter((o) => o.built && o.offered(status));
}
