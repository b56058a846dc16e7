import { t, type Signature } from '../signature';

/**
 * A kubeadm upgrade that failed on a control plane and rolled itself back. What to restore from
 * is kubeadm's own: it keeps the replaced manifests and this member's etcd data under
 * /etc/kubernetes/tmp (cmd/kubeadm/app/phases/upgrade/staticpods.go,
 * CreateTimestampDirForKubeadm("kubeadm-backup-manifests" / "kubeadm-backup-etcd")), and the
 * upgrade guide's "Recovering from a failure state" says how to restore them by hand
 * (https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade/). kubelab adds its
 * own: the hop's copy of /etc/kubernetes (upgrade-backup) and the etcd snapshot the CLI saves
 * before the hop (main/cli/upgradeRun.ts).
 */
export const UPGRADE_SIGNATURES: readonly Signature[] = [
  {
    id: 'upgrade-rolled-back',
    category: 'control-plane',
    // What you see; a line naming why the new component did not start (a removed flag, an image
    // that cannot be pulled) outranks it.
    kind: 'symptom',
    weight: 60,
    patterns: [
      // staticpods.go rollbackOldManifests, printed by `upgrade apply` as "[upgrade/apply] FATAL: …"
      // (≤1.29) and by `upgrade node` as "error execution phase control-plane: couldn't complete
      // the static pod upgrade: …".
      /couldn't upgrade control plane\. kubeadm has tried to recover everything into the earlier state/,
      // apply.go: etcd's upgrade failed and was rolled back.
      /rolled the state back to pre-upgrade state/,
    ],
    title: t(
      'The control plane upgrade failed and kubeadm rolled it back',
      '控制平面升级失败，kubeadm 已将其回滚',
    ),
    explanation: t(
      'kubeadm replaced a static pod manifest, the new component did not become healthy in time, and kubeadm put the previous manifests (and etcd data) back. The node should still run the old version; the reason is usually in the new component’s container log (a flag or feature gate the new version removed, an image it could not pull).',
      'kubeadm 替换了静态 Pod 清单，新组件未能按时变为健康，kubeadm 已放回之前的清单（以及 etcd 数据）。该节点应仍在运行旧版本；原因通常在新组件的容器日志中（新版本删除的参数或特性门控、无法拉取的镜像）。',
    ),
    fix: {
      text: t(
        'Find why the new component failed (crictl ps -a; crictl logs <container>) and fix it, then run the upgrade again: kubeadm upgrade is idempotent. If the node is left broken, restore by hand from the backups of this hop: the manifests in /etc/kubernetes/tmp/kubeadm-backup-manifests-<date>-<time> go back to /etc/kubernetes/manifests; the etcd data in /etc/kubernetes/tmp/kubeadm-backup-etcd-<date>-<time> goes back to /var/lib/etcd (stacked etcd only); kubelab’s copy of the whole /etc/kubernetes is /etc/kubernetes-backup-<version>-<time>, and the etcd snapshot taken before the hop is the file “etcd snapshot before the hop saved as …” named beside the project.',
        '先查明新组件失败的原因（crictl ps -a；crictl logs <容器>）并修复，然后重新执行升级：kubeadm upgrade 是幂等的。若节点仍处于损坏状态，可用本跳的备份手动恢复：/etc/kubernetes/tmp/kubeadm-backup-manifests-<日期>-<时间> 中的清单放回 /etc/kubernetes/manifests；/etc/kubernetes/tmp/kubeadm-backup-etcd-<日期>-<时间> 中的 etcd 数据放回 /var/lib/etcd（仅堆叠式 etcd）；kubelab 对整个 /etc/kubernetes 的副本在 /etc/kubernetes-backup-<版本>-<时间>；升级前的 etcd 快照是项目旁边“etcd snapshot before the hop saved as …”所指的文件。',
      ),
    },
    references: [
      'kubernetes/website#7047',
      'kubernetes/website#13497',
      'christensenjairus/ClusterCreator#54',
    ],
  },
  {
    id: 'upgrade-drain-blocked',
    category: 'node',
    // The cause itself: a budget that allows no disruption keeps a pod on the node.
    kind: 'cause',
    weight: 70,
    patterns: [
      // main/steps/scripts/upgrade-drain.sh, once kubectl drain's --timeout has passed.
      /kubectl drain \S+ did not finish within \S+: a PodDisruptionBudget refuses to let .+ go/,
      // kubectl's retry line (k8s.io/kubectl/pkg/drain/drain.go) with the API server's 429
      // message (pkg/registry/core/pod/storage/eviction.go).
      /Cannot evict pod as it would violate the pod's disruption budget/,
    ],
    title: t(
      'A PodDisruptionBudget blocks the node’s drain',
      'PodDisruptionBudget 阻止了节点的排空',
    ),
    explanation: t(
      'kubectl drain evicts the node’s pods through the API server, which refuses an eviction that would leave a PodDisruptionBudget with fewer pods than it requires (for example one replica and minAvailable: 1). kubectl retried until the drain’s timeout; the node is cordoned and its kubelet was not upgraded.',
      'kubectl drain 通过 API 服务器驱逐节点上的 Pod；若驱逐会使 PodDisruptionBudget 的 Pod 数少于其要求（例如只有一个副本且 minAvailable: 1），API 服务器会拒绝。kubectl 一直重试直到排空超时；该节点已被禁止调度（cordon），其 kubelet 未升级。',
    ),
    fix: {
      text: t(
        'Choose one of three: wait — make room for the pod (another replica, or a budget that allows a disruption) and run the upgrade again (--drain-blocked wait, the default); skip — --drain-blocked skip: this node stays on its version, uncordoned, the hop goes on with the other nodes and the next run drains it again; force — --drain-blocked force (kubectl drain --disable-eviction): the pods are deleted whatever their budget, so the service they carry may stop for a while.',
        '三选一：等待 —— 为该 Pod 腾出余地（增加副本，或让预算允许一次中断）后重新运行升级（--drain-blocked wait，默认）；跳过 —— --drain-blocked skip：该节点保持原版本并恢复调度，本跳继续升级其他节点，下次运行时再排空它；强制 —— --drain-blocked force（kubectl drain --disable-eviction）：无视预算直接删除这些 Pod，其承载的服务可能会中断一段时间。',
      ),
    },
    references: [],
  },
];
