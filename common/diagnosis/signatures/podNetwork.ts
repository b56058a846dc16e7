import { t, type Signature } from '../signature';

/**
 * The CNI plugins' own startup errors. flannel's "failed to acquire lease: node %q pod cidr not
 * assigned" is flannel-io/flannel pkg/subnet/kube/kube.go; kube-controller-manager's
 * "CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range" is
 * pkg/controller/nodeipam/ipam/cidrset; calico's readiness probe message "calico/node is not
 * ready: BIRD is not ready" is projectcalico/calico node/pkg/health.
 */
export const POD_NETWORK_SIGNATURES: readonly Signature[] = [
  {
    id: 'flannel-pod-cidr-missing',
    category: 'network',
    kind: 'cause',
    weight: 88,
    patterns: [
      /failed to acquire lease: node "(?<node>[^"]+)" pod cidr not assigned/,
      /CIDR allocation failed; there are no remaining CIDRs left to allocate/,
      /reason="CIDRNotAvailable"/,
    ],
    title: t(
      'The node has no pod CIDR, so flannel cannot start',
      '节点没有分配 Pod CIDR，flannel 无法启动',
    ),
    explanation: t(
      'flannel takes each node’s subnet from node.spec.podCIDR, which kube-controller-manager assigns only when the cluster was initialised with a pod network CIDR (kubeadm init --pod-network-cidr / networking.podSubnet) that has room for every node.',
      'flannel 从 node.spec.podCIDR 获取每个节点的子网，而只有在集群以 Pod 网络 CIDR（kubeadm init --pod-network-cidr / networking.podSubnet）初始化、且其空间足够所有节点时，kube-controller-manager 才会分配它。',
    ),
    fix: {
      text: t(
        'Initialise the control plane with --pod-network-cidr equal to flannel’s net-conf.json Network (10.244.0.0/16 by default) — on an existing cluster that means a reset — or, for a single node, patch it: kubectl patch node NODE -p \'{"spec":{"podCIDR":"10.244.X.0/24"}}\'.',
        '以与 flannel 的 net-conf.json 中 Network 相同的 --pod-network-cidr（默认 10.244.0.0/16）初始化控制平面——对已有集群意味着重置——或者对单个节点打补丁：kubectl patch node 节点名 -p \'{"spec":{"podCIDR":"10.244.X.0/24"}}\'。',
      ),
    },
    references: ['flannel-io/flannel#1558', 'flannel-io/flannel#1224', 'flannel-io/flannel#1688'],
  },
  {
    id: 'calico-bird-not-ready',
    category: 'network',
    kind: 'cause',
    weight: 65,
    patterns: [/calico\/node is not ready: BIRD is not ready/],
    title: t('calico-node cannot start BGP (BIRD)', 'calico-node 无法启动 BGP（BIRD）'),
    explanation: t(
      'calico-node’s BGP daemon did not come up or cannot peer: BGP (179/tcp) is blocked between the nodes, or calico auto-detected the wrong interface address (a NAT or docker address shared by every node).',
      'calico-node 的 BGP 守护进程未能启动或无法建立对等连接：节点之间的 BGP（179/tcp）被阻断，或 calico 自动探测到了错误的网卡地址（每个节点都相同的 NAT 或 docker 地址）。',
    ),
    fix: {
      text: t(
        'Open 179/tcp between all nodes and set IP_AUTODETECTION_METHOD (e.g. interface=eth1 or can-reach=CONTROL_PLANE_IP) on the calico-node DaemonSet or the Installation resource, then restart calico-node.',
        '在所有节点之间放行 179/tcp，并在 calico-node DaemonSet 或 Installation 资源上设置 IP_AUTODETECTION_METHOD（如 interface=eth1 或 can-reach=控制平面IP），然后重启 calico-node。',
      ),
    },
    references: [
      'projectcalico/calico#9530',
      'projectcalico/calico#9201',
      'projectcalico/calico#4698',
    ],
  },
];
