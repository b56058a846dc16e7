/**
 * The step catalog: ids, order and checklist text (design §9 "steps are code, their order and
 * titles are data"). The engine and the step files (main/steps/<id>.ts + scripts/<id>.sh) use
 * these ids; the UI and the CLI show these titles. Order is the install order.
 */

export const INSTALL_STEP_IDS = [
  'prepare-os',
  // an offline plan only: the pushed bundle's local repository before any package is installed
  'bundle-repo',
  'container-runtime',
  'kube-packages',
  'enable-kubelet',
  'pull-images',
  // an offline plan (plan.offline, issue 22): import-images instead of pull-images
  'import-images',
  'ha-load-balancer',
  'kubeadm-init',
  'external-load-balancer',
  'admin-kubeconfig',
  'install-cni',
  'upload-certs',
  'join-control-plane',
  'kube-vip',
  'join-node',
  'wait-ready',
] as const;

/** Install steps that run only for a highly available plan (the steps' `when` predicates). */
export const HA_ONLY_STEP_IDS = [
  'ha-load-balancer',
  'external-load-balancer',
  'upload-certs',
  'join-control-plane',
  'kube-vip',
] as const;

/** Install steps that run only for a plan whose machines have no internet (plan.offline). */
export const OFFLINE_ONLY_STEP_IDS = ['bundle-repo', 'import-images'] as const;

/** The install steps of a single control plane (the guide's cluster, online), in order. */
export const SINGLE_CONTROL_PLANE_STEP_IDS = INSTALL_STEP_IDS.filter(
  (id) =>
    !(HA_ONLY_STEP_IDS as readonly string[]).includes(id) &&
    !(OFFLINE_ONLY_STEP_IDS as readonly string[]).includes(id),
);

export const DAY2_STEP_IDS = [
  'add-node',
  'reset-node',
  'reset-cluster',
  'renew-certs',
  'drain-node',
  'remove-etcd-member',
  'reset-removed-node',
  'delete-node',
  // backup-etcd and restore-etcd (main/operations/etcd-*.ts)
  'etcd-snapshot',
  'etcd-download',
  'etcd-upload',
  'etcd-restore',
  'etcd-healthy',
  // restore-etcd on every control plane (issue 21: HA restore)
  'etcd-restore-member',
  'etcd-restore-stop',
  'etcd-restore-swap',
  'etcd-restore-start',
  // kubelet.conf regeneration, in renew-certs (main/steps/kubelet-conf*.ts)
  'kubelet-conf-inspect',
  'kubelet-conf-issue',
  'kubelet-conf',
  // add-node of a control plane (issue 19)
  'reconcile-etcd-members',
  // add-node: leftovers of an earlier install on a joining machine (issue 19)
  'join-leftovers',
  // ha-failover-test (issue 19): who holds the VIP, then the holder gives it up and takes it back
  'ha-vip-holder',
  'ha-failover',
] as const;

/** The upgrade operation's steps, one hop (main/operations/upgrade.ts). */
export const UPGRADE_STEP_IDS = [
  'upgrade-preflight',
  'upgrade-repo',
  'upgrade-kubeadm',
  'upgrade-backup',
  'upgrade-apply',
  'upgrade-node',
  'upgrade-drain',
  'upgrade-kubelet',
  'upgrade-uncordon',
  // Docker → containerd before the hop into 1.24 (main/steps/runtimeMigration.ts, with the
  // install's container-runtime step between them)
  'runtime-drain',
  'runtime-stop-docker',
  'runtime-kubelet',
  'runtime-uncordon',
] as const;

export type InstallStepId = (typeof INSTALL_STEP_IDS)[number];
export type Day2StepId = (typeof DAY2_STEP_IDS)[number];
export type UpgradeStepId = (typeof UPGRADE_STEP_IDS)[number];
export type StepId = InstallStepId | Day2StepId | UpgradeStepId;

/** Which nodes a step runs on. */
export type StepScope =
  | 'all'
  | 'first-control-plane'
  | 'control-planes'
  | 'further-control-planes'
  | 'workers'
  | 'selected';

export interface StepInfo {
  id: StepId;
  phase: 'install' | 'day2';
  scope: StepScope;
  title: { en: string; zh: string };
  description: { en: string; zh: string };
}

export const STEPS: readonly StepInfo[] = [
  {
    id: 'prepare-os',
    phase: 'install',
    scope: 'all',
    title: { en: 'Prepare the OS', zh: '准备操作系统' },
    description: {
      en: 'Swap off (and kept off: fstab, zram), SELinux permissive, firewall per plan, br_netfilter and overlay modules, bridge and forwarding sysctls, FORWARD policy ACCEPT with Docker.',
      zh: '关闭 swap（并处理 fstab 与 zram）、SELinux 设为 permissive、按计划处理防火墙、加载 br_netfilter 与 overlay 模块、设置桥接与转发 sysctl；使用 Docker 时持久化 FORWARD 策略为 ACCEPT。',
    },
  },
  {
    id: 'bundle-repo',
    phase: 'install',
    scope: 'all',
    title: { en: 'Local package repository from the bundle', zh: '由离线包建立本地软件源' },
    description: {
      en: 'An offline plan only. From the bundle pushed to /var/lib/kubelab/bundle: a flat apt repository with its Packages index (deb [trusted=yes] file:… ./), or a file:// dnf repository with its metadata, so pinned versions and holds work with no internet.',
      zh: '仅用于离线计划。基于推送到 /var/lib/kubelab/bundle 的离线包：建立带 Packages 索引的扁平 apt 仓库（deb [trusted=yes] file:… ./），或带元数据的 file:// dnf 仓库，使版本锁定与 hold 在无网络时照常工作。',
    },
  },
  {
    id: 'container-runtime',
    phase: 'install',
    scope: 'all',
    title: { en: 'Install the container runtime', zh: '安装容器运行时' },
    description: {
      en: 'Docker with the systemd cgroup driver and registry mirrors, or containerd with SystemdCgroup = true and the pause image from the plan’s repository.',
      zh: '安装 Docker（systemd cgroup 驱动与镜像加速器），或 containerd（SystemdCgroup = true，pause 镜像取自计划中的镜像仓库）。',
    },
  },
  {
    id: 'kube-packages',
    phase: 'install',
    scope: 'all',
    title: { en: 'Install kubelet, kubeadm and kubectl', zh: '安装 kubelet、kubeadm 与 kubectl' },
    description: {
      en: 'Add the Kubernetes package repository for the version, install the exact package versions and hold them.',
      zh: '添加对应版本的 Kubernetes 软件源，安装指定版本的软件包并锁定版本。',
    },
  },
  {
    id: 'enable-kubelet',
    phase: 'install',
    scope: 'all',
    title: { en: 'Enable kubelet', zh: '设置 kubelet 开机自启' },
    description: {
      en: 'systemctl enable kubelet (it restarts in a loop until kubeadm configures it; that is expected).',
      zh: 'systemctl enable kubelet（在 kubeadm 配置前 kubelet 会反复重启，属正常现象）。',
    },
  },
  {
    id: 'pull-images',
    phase: 'install',
    scope: 'all',
    title: { en: 'Pre-pull images', zh: '预先拉取镜像' },
    description: {
      en: 'Pull the images kubeadm needs (kubeadm config images pull) from the plan’s image repository.',
      zh: '从计划中的镜像仓库拉取 kubeadm 所需镜像（kubeadm config images pull）。',
    },
  },
  {
    id: 'import-images',
    phase: 'install',
    scope: 'all',
    title: { en: 'Import images from the bundle', zh: '从离线包导入镜像' },
    description: {
      en: 'An offline plan only, instead of pulling: every image archive the bundle left in /var/lib/kubelab/bundle/images/<arch>/ imported with the runtime’s own tool (ctr -n k8s.io images import, or docker load), skipping those the runtime already lists.',
      zh: '仅用于离线计划，代替拉取镜像：用容器运行时自带的工具（ctr -n k8s.io images import 或 docker load）导入离线包在 /var/lib/kubelab/bundle/images/<arch>/ 下的每个镜像归档，已存在的镜像跳过。',
    },
  },
  {
    id: 'ha-load-balancer',
    phase: 'install',
    scope: 'control-planes',
    title: { en: 'Set up the load balancer (VIP)', zh: '配置负载均衡（VIP）' },
    description: {
      en: 'HA plans with haproxy + keepalived: install both packages on every control plane, write haproxy.cfg, keepalived.conf and check_apiserver.sh from the plan, enable and start both services. With kube-vip: write its static pod manifest on the first control plane before kubeadm init (on Kubernetes ≥ 1.29 it uses super-admin.conf until init is done).',
      zh: '使用 haproxy + keepalived 的高可用计划：在每个控制平面安装这两个软件包，按计划写入 haproxy.cfg、keepalived.conf 与 check_apiserver.sh，并设置开机自启、启动服务。使用 kube-vip 时：在 kubeadm init 之前于第一个控制平面写入其静态 Pod 清单（Kubernetes ≥ 1.29 在 init 完成前使用 super-admin.conf）。',
    },
  },
  {
    id: 'kubeadm-init',
    phase: 'install',
    scope: 'first-control-plane',
    title: { en: 'Initialise the control plane', zh: '初始化控制平面' },
    description: {
      en: 'kubeadm init with the generated kubeadm configuration file (shown before it runs); HA plans add --upload-certs with a certificate key made on the node.',
      zh: '使用生成的 kubeadm 配置文件执行 kubeadm init（执行前可查看该文件）；高可用计划另加 --upload-certs，证书密钥在节点上生成。',
    },
  },
  {
    id: 'external-load-balancer',
    phase: 'install',
    scope: 'first-control-plane',
    title: { en: 'Check the existing load balancer', zh: '检查现有负载均衡' },
    description: {
      en: 'HA plans behind a load balancer you run: once kubeadm init has started the first API server, /healthz must answer ok through the controlPlaneEndpoint, else the error names the address and port 6443 it must forward to.',
      zh: '使用您自己运行的负载均衡的高可用计划：kubeadm init 启动第一个 API 服务器后，经 controlPlaneEndpoint 访问 /healthz 必须返回 ok；否则报错会指出该地址及其必须转发到的 6443 端口。',
    },
  },
  {
    id: 'admin-kubeconfig',
    phase: 'install',
    scope: 'first-control-plane',
    title: { en: 'Set up the admin kubeconfig', zh: '配置管理员 kubeconfig' },
    description: {
      en: 'Copy /etc/kubernetes/admin.conf to ~/.kube/config for the admin user and check the API server’s health.',
      zh: '将 /etc/kubernetes/admin.conf 复制到管理员用户的 ~/.kube/config，并检查 API Server 健康状态。',
    },
  },
  {
    id: 'install-cni',
    phase: 'install',
    scope: 'first-control-plane',
    title: { en: 'Install the pod network (CNI)', zh: '安装 Pod 网络（CNI）' },
    description: {
      en: 'Apply flannel or calico with the pod CIDR patched into the manifest (fetched on this machine and uploaded when nodes have no internet).',
      zh: '部署 flannel 或 calico，并将 Pod CIDR 写入清单（节点无法联网时由本机下载后上传）。',
    },
  },
  {
    id: 'upload-certs',
    phase: 'install',
    scope: 'first-control-plane',
    title: { en: 'Keep the control-plane certificates uploaded', zh: '确保控制平面证书已上传' },
    description: {
      en: 'HA plans: before the control planes join, check that the kubeadm-certs Secret still exists and outlives the joins (it expires 2 hours after upload); if not, run kubeadm init phase upload-certs --upload-certs again. The new certificate key stays on the node and is never logged.',
      zh: '高可用计划：在控制平面加入前，检查 kubeadm-certs Secret 是否仍存在且足以支撑后续加入（上传 2 小时后过期）；否则重新执行 kubeadm init phase upload-certs --upload-certs。新的证书密钥只保存在节点上，从不写入日志。',
    },
  },
  {
    id: 'join-control-plane',
    phase: 'install',
    scope: 'further-control-planes',
    title: { en: 'Join a control plane', zh: '加入控制平面' },
    description: {
      en: 'HA plans: kubeadm join --control-plane through the load balancer, one control plane at a time, with the certificate key from kubeadm init --upload-certs (in a root-only JoinConfiguration, never on a command line).',
      zh: '高可用计划：经负载均衡地址执行 kubeadm join --control-plane，每次一个控制平面；证书密钥来自 kubeadm init --upload-certs（写在仅 root 可读的 JoinConfiguration 中，从不出现在命令行）。',
    },
  },
  {
    id: 'kube-vip',
    phase: 'install',
    scope: 'control-planes',
    title: { en: 'Run kube-vip with admin.conf', zh: '以 admin.conf 运行 kube-vip' },
    description: {
      en: 'HA plans with kube-vip, once every control plane has joined: write the kube-vip static pod manifest using admin.conf on each control plane (on the first one this switches it back from super-admin.conf), then check that the VIP still answers on the API server port.',
      zh: '使用 kube-vip 的高可用计划，在所有控制平面加入之后：在每个控制平面写入使用 admin.conf 的 kube-vip 静态 Pod 清单（第一个控制平面由此从 super-admin.conf 切换回来），再检查 VIP 在 API Server 端口上仍有应答。',
    },
  },
  {
    id: 'join-node',
    phase: 'install',
    scope: 'workers',
    title: { en: 'Join the node', zh: '节点加入集群' },
    description: {
      en: 'kubeadm join with a freshly created token and the CA certificate hash.',
      zh: '使用新生成的 token 与 CA 证书哈希执行 kubeadm join。',
    },
  },
  {
    id: 'wait-ready',
    phase: 'install',
    scope: 'first-control-plane',
    title: { en: 'Wait for nodes to be Ready', zh: '等待节点就绪' },
    description: {
      en: 'Wait until every node reports Ready and the system pods are running.',
      zh: '等待所有节点状态为 Ready 且系统 Pod 运行正常。',
    },
  },
  {
    id: 'add-node',
    phase: 'day2',
    scope: 'selected',
    title: { en: 'Add a node', zh: '添加节点' },
    description: {
      en: 'Prepare a new machine and join it with a fresh token, after the cluster is up (the guide’s node3).',
      zh: '集群建成后准备新机器，并使用新 token 加入集群（即指南中的 node3）。',
    },
  },
  {
    id: 'reset-node',
    phase: 'day2',
    scope: 'selected',
    title: { en: 'Reset a node', zh: '重置节点' },
    description: {
      en: 'Drain and delete the node, then kubeadm reset and clean CNI directories, interfaces and iptables rules on it.',
      zh: '驱逐并删除节点，然后在该节点执行 kubeadm reset 并清理 CNI 目录、网卡与 iptables 规则。',
    },
  },
  {
    id: 'reset-cluster',
    phase: 'day2',
    scope: 'all',
    title: { en: 'Reset the cluster', zh: '重置集群' },
    description: {
      en: 'kubeadm reset on every node plus CNI, interface and iptables cleanup, leaving the machines ready for a fresh install.',
      zh: '在所有节点执行 kubeadm reset 并清理 CNI、网卡与 iptables，使机器可重新安装。',
    },
  },
  {
    id: 'renew-certs',
    phase: 'day2',
    scope: 'control-planes',
    title: { en: 'Renew certificates', zh: '续期证书' },
    description: {
      en: 'kubeadm certs renew on one control plane at a time, then its static pods restarted (manifests moved out and back, each waited for) and admin.conf copied again.',
      zh: '逐个控制平面执行 kubeadm certs renew，然后重启其静态 Pod（清单移出再移回，逐个等待就绪），并重新复制 admin.conf。',
    },
  },
  {
    id: 'drain-node',
    phase: 'day2',
    scope: 'first-control-plane',
    title: { en: 'Drain the node', zh: '驱逐节点' },
    description: {
      en: 'kubectl drain of the machine being removed, with a timeout; PodDisruptionBudgets that block it are named.',
      zh: '对要移除的机器执行 kubectl drain（带超时）；列出阻止驱逐的 PodDisruptionBudget。',
    },
  },
  {
    id: 'remove-etcd-member',
    phase: 'day2',
    scope: 'first-control-plane',
    title: { en: 'Remove its etcd member', zh: '移除其 etcd 成员' },
    description: {
      en: 'etcdctl member remove of a control plane’s stacked etcd member, before its reset.',
      zh: '在重置之前，用 etcdctl member remove 移除该控制平面的堆叠 etcd 成员。',
    },
  },
  {
    id: 'reset-removed-node',
    phase: 'day2',
    scope: 'selected',
    title: { en: 'Reset the removed machine', zh: '重置被移除的机器' },
    description: {
      en: 'kubeadm reset -f on the machine, then the cleanup kubeadm leaves: CNI configuration and interfaces, iptables rules, kubeconfig files.',
      zh: '在该机器上执行 kubeadm reset -f，再清理 kubeadm 留下的内容：CNI 配置与网卡、iptables 规则、kubeconfig 文件。',
    },
  },
  {
    id: 'delete-node',
    phase: 'day2',
    scope: 'first-control-plane',
    title: { en: 'Delete the node object', zh: '删除节点对象' },
    description: {
      en: 'kubectl delete node; for an unreachable machine, what is left on it is said.',
      zh: '执行 kubectl delete node；对于无法连接的机器，说明其上留下了什么。',
    },
  },
  // backup-etcd and restore-etcd (main/etcd/backupSteps.ts, restoreSteps.ts)
  {
    id: 'etcd-snapshot',
    phase: 'day2',
    scope: 'first-control-plane',
    title: { en: 'Take an etcd snapshot', zh: '生成 etcd 快照' },
    description: {
      en: 'etcdctl snapshot save with kubeadm’s etcd client certificate on the control plane, then snapshot status (etcdutl where etcd has it), its size and SHA-256.',
      zh: '在控制平面上用 kubeadm 的 etcd 客户端证书执行 etcdctl snapshot save，再读取快照状态（etcd 提供 etcdutl 时用 etcdutl）、大小和 SHA-256。',
    },
  },
  {
    id: 'etcd-download',
    phase: 'day2',
    scope: 'first-control-plane',
    title: { en: 'Download the snapshot', zh: '下载快照' },
    description: {
      en: 'The snapshot downloaded to the snapshots folder beside the project, its size and SHA-256 checked against the node’s, recorded in the list; the node’s copy removed.',
      zh: '把快照下载到项目旁的快照文件夹，按节点上的大小和 SHA-256 校验后记入列表；删除节点上的副本。',
    },
  },
  {
    id: 'etcd-upload',
    phase: 'day2',
    scope: 'control-planes',
    title: { en: 'Upload the snapshot', zh: '上传快照' },
    description: {
      en: 'The chosen snapshot checked against the list (size, SHA-256), uploaded to every control plane and checked on each before anything stops.',
      zh: '按列表校验所选快照（大小、SHA-256），上传到每个控制平面，并在停止任何组件之前在每个控制平面上再次校验。',
    },
  },
  {
    id: 'etcd-restore',
    phase: 'day2',
    scope: 'control-planes',
    title: { en: 'Restore etcd', zh: '恢复 etcd' },
    description: {
      en: 'The snapshot restored into a new data directory on every control plane (etcdutl or etcdctl, revision bumped where the tool can), each member with its own name and peer URL, one member list of all control planes and a new cluster token; nothing is stopped yet.',
      zh: '在每个控制平面上把快照恢复到新的数据目录（etcdutl 或 etcdctl，工具支持时提升修订号），每个成员使用自己的名称与对等 URL、包含所有控制平面的同一成员列表和新的集群令牌；此时尚未停止任何组件。',
    },
  },
  {
    id: 'etcd-healthy',
    phase: 'day2',
    scope: 'control-planes',
    title: { en: 'Wait for etcd and the API server', zh: '等待 etcd 与 API 服务器' },
    description: {
      en: 'etcdctl member list shows one started member per control plane, endpoint health answers on every member, and the API server’s /readyz, waited for after the restore.',
      zh: '恢复后等待 etcdctl member list 显示每个控制平面一个已启动成员、每个成员的 endpoint health 正常，以及 API 服务器的 /readyz 正常。',
    },
  },
  {
    id: 'etcd-restore-member',
    phase: 'day2',
    scope: 'control-planes',
    title: { en: 'Read the etcd member', zh: '读取 etcd 成员' },
    description: {
      en: 'The member’s name, peer URL and data directory read from kubeadm’s etcd manifest on each control plane. Changes nothing.',
      zh: '从每个控制平面上 kubeadm 的 etcd 清单读取成员名称、对等 URL 与数据目录。不做任何更改。',
    },
  },
  {
    id: 'etcd-restore-stop',
    phase: 'day2',
    scope: 'control-planes',
    title: { en: 'Stop the API servers and etcd', zh: '停止 API 服务器与 etcd' },
    description: {
      en: 'Once every control plane has its restored data: the static pod manifests moved aside on each, waiting until etcd and the API server no longer listen.',
      zh: '每个控制平面都准备好恢复数据后：在每个控制平面上移走静态 Pod 清单，等待 etcd 与 API 服务器不再监听。',
    },
  },
  {
    id: 'etcd-restore-swap',
    phase: 'day2',
    scope: 'control-planes',
    title: { en: 'Swap the etcd data directories', zh: '交换 etcd 数据目录' },
    description: {
      en: 'Once every control plane is stopped: the old data directory moved aside (kept) and the restored one moved in.',
      zh: '所有控制平面都停止后：把旧数据目录移到一旁（保留），移入恢复的数据目录。',
    },
  },
  {
    id: 'etcd-restore-start',
    phase: 'day2',
    scope: 'control-planes',
    title: { en: 'Start the API servers and etcd', zh: '启动 API 服务器与 etcd' },
    description: {
      en: 'Once every control plane has its restored data: the static pod manifests moved back, the uploaded snapshot removed.',
      zh: '所有控制平面都换上恢复的数据后：移回静态 Pod 清单，删除上传的快照。',
    },
  },
  {
    id: 'kubelet-conf-inspect',
    phase: 'day2',
    scope: 'all',
    title: { en: 'Inspect the kubelet client certificate', zh: '检查 kubelet 客户端证书' },
    description: {
      en: 'Read kubelet.conf and kubelet-client-current.pem: does the certificate expire within 30 days, or is kubelet.conf not pointing at the rotated file? Changes nothing.',
      zh: '读取 kubelet.conf 与 kubelet-client-current.pem：证书是否将在 30 天内过期，或 kubelet.conf 未指向轮换后的文件？不做任何修改。',
    },
  },
  {
    id: 'kubelet-conf-issue',
    phase: 'day2',
    scope: 'all',
    title: { en: 'Issue a kubelet.conf', zh: '签发 kubelet.conf' },
    description: {
      en: 'On the first control plane, for a node whose kubelet cannot renew its certificate: kubeadm kubeconfig user --org system:nodes --client-name system:node:<node>.',
      zh: '在第一个控制平面节点上，为无法自行续期证书的节点执行 kubeadm kubeconfig user --org system:nodes --client-name system:node:<节点>。',
    },
  },
  {
    id: 'kubelet-conf',
    phase: 'day2',
    scope: 'all',
    title: { en: 'Replace kubelet.conf', zh: '替换 kubelet.conf' },
    description: {
      en: 'Back up kubelet.conf and kubelet-client*, install the issued kubelet.conf, restart the kubelet until it writes kubelet-client-current.pem, point kubelet.conf at it and restart again.',
      zh: '备份 kubelet.conf 与 kubelet-client*，安装签发的 kubelet.conf，重启 kubelet 直到其写出 kubelet-client-current.pem，再让 kubelet.conf 指向该文件并再次重启。',
    },
  },
  {
    id: 'reconcile-etcd-members',
    phase: 'day2',
    scope: 'first-control-plane',
    title: { en: 'Reconcile the etcd members', zh: '核对 etcd 成员' },
    description: {
      en: 'Before a control plane joins later: etcdctl member list compared with the plan’s control planes. A member that does not answer and belongs to a joining machine (reset) or to none (lost) is stale: shown, and removed with etcdctl member remove only once confirmed, and only while etcd keeps quorum.',
      zh: '稍后加入控制平面之前：用 etcdctl member list 与计划中的控制平面核对。无响应且属于正在加入的机器（已重置）或不属于任何控制平面（已丢失）的成员即为陈旧成员：会被列出，只有在确认后且 etcd 仍保有法定人数时，才用 etcdctl member remove 移除。',
    },
  },
  {
    id: 'join-leftovers',
    phase: 'day2',
    scope: 'selected',
    title: { en: 'Check for an earlier install’s files', zh: '检查之前安装遗留的文件' },
    description: {
      en: 'Before a machine joins later: the files kubeadm join’s preflight refuses (a non-empty /etc/kubernetes/manifests, bootstrap-kubelet.conf, a worker’s pki/ca.crt) are named with kubeadm’s check names. kubelab does not reset the machine by itself: reset it first, then add it again.',
      zh: '机器稍后加入之前：kubeadm join 预检会拒绝的文件（非空的 /etc/kubernetes/manifests、bootstrap-kubelet.conf、工作节点的 pki/ca.crt）会以 kubeadm 的检查名列出。kubelab 不会自行重置该机器：请先重置，再重新添加。',
    },
  },
  {
    id: 'ha-vip-holder',
    phase: 'day2',
    scope: 'control-planes',
    title: { en: 'Find the VIP holder', zh: '查找 VIP 持有者' },
    description: {
      en: 'Read-only: ip -4 -o addr show on each control plane, as the live HA view reads it; the one with the VIP on an interface is the holder the failover test takes it from.',
      zh: '只读：在每个控制平面上执行 ip -4 -o addr show（与实时高可用视图相同）；网卡上有 VIP 的那台即为故障转移测试要取走 VIP 的持有者。',
    },
  },
  {
    id: 'ha-failover',
    phase: 'day2',
    scope: 'control-planes',
    title: { en: 'Fail the VIP over and back', zh: 'VIP 故障转移并恢复' },
    description: {
      en: 'On the VIP holder only: systemctl stop keepalived (or kube-vip’s manifest moved out of /etc/kubernetes/manifests), wait until another control plane holds the VIP, check /healthz through the VIP, then always start keepalived again (or put the manifest back).',
      zh: '仅在 VIP 持有者上：systemctl stop keepalived（或把 kube-vip 的清单移出 /etc/kubernetes/manifests），等待另一个控制平面持有 VIP，经 VIP 检查 /healthz，然后无论结果如何都重新启动 keepalived（或放回清单）。',
    },
  },
  {
    id: 'upgrade-preflight',
    phase: 'day2',
    scope: 'first-control-plane',
    title: { en: 'Check the cluster before the hop', zh: '升级前检查集群' },
    description: {
      en: 'Before anything changes: every kubelet within the version skew of the hop, every node Ready and no failing kube-system pod (unless an unhealthy cluster is accepted).',
      zh: '在任何更改之前：每个 kubelet 都在本跳的版本偏差范围内，每个节点 Ready，且 kube-system 中没有失败的 Pod（除非接受不健康的集群）。',
    },
  },
  {
    id: 'upgrade-repo',
    phase: 'day2',
    scope: 'all',
    title: { en: 'Switch the package repository', zh: '切换软件包仓库' },
    description: {
      en: 'Point the Kubernetes package repository at the hop’s minor version (pkgs.k8s.io has one per minor) and refresh the index.',
      zh: '将 Kubernetes 软件包仓库指向本跳的次版本（pkgs.k8s.io 每个次版本一个仓库）并刷新索引。',
    },
  },
  {
    id: 'upgrade-kubeadm',
    phase: 'day2',
    scope: 'all',
    title: { en: 'Upgrade kubeadm', zh: '升级 kubeadm' },
    description: {
      en: 'Install kubeadm at the hop’s version and hold it again.',
      zh: '安装本跳版本的 kubeadm 并重新锁定版本。',
    },
  },
  {
    id: 'upgrade-backup',
    phase: 'day2',
    scope: 'control-planes',
    title: { en: 'Back up /etc/kubernetes', zh: '备份 /etc/kubernetes' },
    description: {
      en: 'Copy /etc/kubernetes (certificates, kubeconfigs, manifests) to /etc/kubernetes-backup-<version>-<time> on every control plane before its upgrade.',
      zh: '在每个控制平面节点升级前，将 /etc/kubernetes（证书、kubeconfig、清单）复制到 /etc/kubernetes-backup-<版本>-<时间>。',
    },
  },
  {
    id: 'upgrade-apply',
    phase: 'day2',
    scope: 'first-control-plane',
    title: { en: 'Upgrade the control plane', zh: '升级控制平面' },
    description: {
      en: 'kubeadm upgrade apply on the first control plane: new static pod manifests, kubeadm-config, kubelet configuration, CoreDNS and kube-proxy.',
      zh: '在第一个控制平面节点执行 kubeadm upgrade apply：新的静态 Pod 清单、kubeadm-config、kubelet 配置、CoreDNS 与 kube-proxy。',
    },
  },
  {
    id: 'upgrade-node',
    phase: 'day2',
    scope: 'all',
    title: { en: 'Upgrade the node configuration', zh: '升级节点配置' },
    description: {
      en: 'kubeadm upgrade node on every other node: further control planes’ manifests and the kubelet configuration of the new minor.',
      zh: '在其他每个节点执行 kubeadm upgrade node：其余控制平面的清单以及新次版本的 kubelet 配置。',
    },
  },
  {
    id: 'upgrade-drain',
    phase: 'day2',
    scope: 'all',
    title: { en: 'Drain the node', zh: '腾空节点' },
    description: {
      en: 'kubectl drain from the first control plane, with a timeout: the node is cordoned and its pods evicted (DaemonSet pods stay); a PodDisruptionBudget that blocks is named.',
      zh: '在第一个控制平面节点执行带超时的 kubectl drain：节点被标记为不可调度并驱逐其 Pod（DaemonSet 的 Pod 保留）；阻塞驱逐的 PodDisruptionBudget 会被指出。',
    },
  },
  {
    id: 'upgrade-kubelet',
    phase: 'day2',
    scope: 'all',
    title: { en: 'Upgrade kubelet and kubectl', zh: '升级 kubelet 与 kubectl' },
    description: {
      en: 'Install kubelet and kubectl at the hop’s version, restart the kubelet and wait until the node reports that version and Ready.',
      zh: '安装本跳版本的 kubelet 与 kubectl，重启 kubelet，并等待节点报告该版本且处于 Ready。',
    },
  },
  {
    id: 'upgrade-uncordon',
    phase: 'day2',
    scope: 'all',
    title: { en: 'Uncordon the node', zh: '恢复节点调度' },
    description: {
      en: 'kubectl uncordon from the first control plane once the node reports the hop’s version: pods may be scheduled on it again.',
      zh: '节点报告本跳版本后，在第一个控制平面节点执行 kubectl uncordon：Pod 可以再次调度到该节点。',
    },
  },
  {
    id: 'runtime-drain',
    phase: 'day2',
    scope: 'all',
    title: { en: 'Drain the node before its runtime changes', zh: '更换运行时前腾空节点' },
    description: {
      en: 'kubectl drain from the first control plane, one node at a time; a node whose kubelet already reports containerd is passed by.',
      zh: '在第一个控制平面节点逐个执行 kubectl drain；kubelet 已报告 containerd 的节点会被跳过。',
    },
  },
  {
    id: 'runtime-stop-docker',
    phase: 'day2',
    scope: 'all',
    title: { en: 'Stop the kubelet and Docker', zh: '停止 kubelet 和 Docker' },
    description: {
      en: 'systemctl stop kubelet; systemctl disable docker.service --now. Docker stays installed, disabled.',
      zh: 'systemctl stop kubelet；systemctl disable docker.service --now。Docker 保留安装，但被禁用。',
    },
  },
  {
    id: 'runtime-kubelet',
    phase: 'day2',
    scope: 'all',
    title: { en: 'Point the kubelet at containerd', zh: '让 kubelet 使用 containerd' },
    description: {
      en: 'The containerd socket as --container-runtime-endpoint in /var/lib/kubelet/kubeadm-flags.env (the Docker version kept beside it), then systemctl start kubelet.',
      zh: '在 /var/lib/kubelet/kubeadm-flags.env 中把 --container-runtime-endpoint 设为 containerd 的套接字（旁边保留 Docker 时的版本），然后 systemctl start kubelet。',
    },
  },
  {
    id: 'runtime-uncordon',
    phase: 'day2',
    scope: 'all',
    title: { en: 'Annotate and uncordon the node', zh: '更新注解并恢复节点调度' },
    description: {
      en: 'The Node’s kubeadm.alpha.kubernetes.io/cri-socket annotation set to containerd’s socket; once the node is Ready on containerd, kubectl uncordon.',
      zh: '将节点的 kubeadm.alpha.kubernetes.io/cri-socket 注解设为 containerd 的套接字；节点在 containerd 上 Ready 后执行 kubectl uncordon。',
    },
  },
];

export function stepInfo(id: StepId): StepInfo {
  const info = STEPS.find((s) => s.id === id);
  if (!info) throw new Error(`unknown step id ${id}`);
  return info;
}

export function isStepId(value: unknown): value is StepId {
  return typeof value === 'string' && STEPS.some((s) => s.id === value);
}
