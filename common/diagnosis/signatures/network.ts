import { t, type Signature } from '../signature';

/** Pod network, node addresses, firewalls, cluster DNS. */
export const NETWORK_SIGNATURES: readonly Signature[] = [
  {
    id: 'cni-not-initialized',
    category: 'network',
    kind: 'cause',
    weight: 60,
    patterns: [
      /cni plugin not initialized/,
      /network plugin is not ready: cni config uninitialized/,
      /no networks found in \/etc\/cni\/net\.d/,
      // What the same state looks like from kubectl: CoreDNS unscheduled, nodes tainted not-ready.
      /^(kube-system\s+)?coredns-[\w-]+\s+0\/1\s+(Pending|ContainerCreating)\s/,
      /node\.kubernetes\.io\/not-ready:NoSchedule/,
    ],
    title: t('The pod network (CNI) is not ready', 'Pod 网络（CNI）未就绪'),
    explanation: t(
      'No CNI configuration is installed yet, or the CNI pods are not running, so nodes stay NotReady and CoreDNS stays Pending. Normal right after kubeadm init until the CNI is applied.',
      '尚未安装 CNI 配置，或 CNI 的 Pod 没有运行，因此节点保持 NotReady、CoreDNS 保持 Pending。kubeadm init 之后、应用 CNI 之前出现属于正常。',
    ),
    fix: {
      text: t(
        'Apply the CNI (flannel or calico) with a Network that equals the cluster’s pod CIDR (--pod-network-cidr / podSubnet must be set for flannel), then check kubectl -n kube-flannel get pods; if the CNI pods fail, diagnose their logs.',
        '应用 CNI（flannel 或 calico），其 Network 须与集群的 Pod CIDR 一致（flannel 需要设置 --pod-network-cidr / podSubnet），再用 kubectl -n kube-flannel get pods 检查；若 CNI 的 Pod 失败，请诊断其日志。',
      ),
    },
    references: [
      'flannel-io/flannel#1989',
      'kubernetes/kubernetes#71692',
      'kubernetes/kubeadm#1031',
    ],
  },
  {
    id: 'cni-bridge-leftover',
    category: 'network',
    kind: 'cause',
    weight: 85,
    patterns: [
      /"cni0" already has an IP address different from (?<cidr>[\d./]+)/,
      /failed to set bridge addr: "cni0" already has an IP address/,
    ],
    title: t('A stale cni0 bridge from an earlier install', '残留的 cni0 网桥来自之前的安装'),
    explanation: t(
      'The cni0 bridge still carries the address of a previous cluster’s pod subnet, so new pods on this node cannot get an address.',
      'cni0 网桥仍保留着上一个集群 Pod 子网的地址，因此该节点上的新 Pod 无法获得地址。',
    ),
    fix: {
      text: t(
        'Delete the cni0 and flannel.1 interfaces and restart the kubelet; they are recreated with the right subnet.',
        '删除 cni0 和 flannel.1 接口并重启 kubelet，它们会以正确的子网重新创建。',
      ),
      id: 'delete-cni-bridge',
    },
    references: ['kubernetes/website#49448', 'kubernetes/kubeadm#1822'],
  },
  {
    id: 'wrong-interface',
    category: 'network',
    kind: 'cause',
    weight: 70,
    patterns: [
      /Using interface with name (?<iface>\S+) and address 10\.0\.2\.15\b/,
      /\b10\.0\.2\.15:6443\b/,
      /All flannel public IPs are identical|public-ip.*10\.0\.2\.15/,
    ],
    title: t(
      'The cluster uses the wrong network interface (NAT address 10.0.2.15)',
      '集群使用了错误的网卡（NAT 地址 10.0.2.15）',
    ),
    explanation: t(
      'On VirtualBox/Vagrant every VM has the same NAT address 10.0.2.15 on its first interface. kubeadm and flannel pick the default-route interface, so nodes advertise an address the others cannot reach and pods on different nodes cannot talk.',
      '在 VirtualBox/Vagrant 中，每台虚拟机第一块网卡的 NAT 地址都是 10.0.2.15。kubeadm 和 flannel 会选择默认路由所在的网卡，于是节点通告了其他节点无法访问的地址，不同节点上的 Pod 无法互通。',
    ),
    fix: {
      text: t(
        'Use the host-only/private address: --apiserver-advertise-address and nodeRegistration.kubeletExtraArgs node-ip set to that address on every node, and flannel’s --iface (or --iface-regex) set to that interface.',
        '使用仅主机/私有网卡的地址：在每个节点上将 --apiserver-advertise-address 和 nodeRegistration.kubeletExtraArgs 中的 node-ip 设为该地址，并将 flannel 的 --iface（或 --iface-regex）设为该网卡。',
      ),
    },
    references: [
      'kubernetes/website#6870',
      'flannel-io/flannel#535',
      'kubernetes/kubernetes#90345',
    ],
  },
  {
    id: 'firewall-blocked',
    category: 'network',
    kind: 'cause',
    weight: 65,
    patterns: [
      /dial tcp (?<address>[\d.]+):(?<port>6443|10250|2379|2380|10257|10259): connect: no route to host/,
      /dial tcp (?<address>[\d.]+):(?<port>6443|10250|2379|2380|10257|10259): (i\/o timeout|connect: connection timed out)/,
      // checks.go FirewalldCheck: "firewalld is active, please ensure ports %v are open…".
      /\[WARNING Firewalld\]: firewalld is active, please ensure ports \[(?<port>\d+)/,
    ],
    title: t(
      'A firewall blocks a Kubernetes port between nodes',
      '防火墙阻断了节点间的 Kubernetes 端口',
    ),
    explanation: t(
      'The node could not reach a Kubernetes port on another node. “no route to host” is what firewalld’s reject rule produces; a timeout means packets are dropped (firewall, security group, or a wrong address).',
      '节点无法访问另一节点上的 Kubernetes 端口。“no route to host” 正是 firewalld 拒绝规则的表现；超时则表示数据包被丢弃（防火墙、安全组或地址错误）。',
    ),
    fix: {
      text: t(
        'On the target node open the port (control plane: 6443, 2379-2380, 10250, 10257, 10259 TCP; every node: 10250 TCP and 8472 UDP for flannel VXLAN), or stop firewalld in lab mode; then retry.',
        '在目标节点上开放该端口（控制平面：TCP 6443、2379-2380、10250、10257、10259；所有节点：TCP 10250 及 flannel VXLAN 的 UDP 8472），或在实验模式下停用 firewalld，然后重试。',
      ),
      id: 'firewalld-open-port',
    },
    references: [
      'kubernetes/kubeadm#725',
      'kubernetes/kubeadm#1520',
      'kubernetes/kubernetes#35535',
    ],
  },
  {
    id: 'coredns-loop',
    category: 'network',
    kind: 'cause',
    weight: 90,
    patterns: [
      /plugin\/loop: Loop \(.*\) detected for zone/,
      /plugin\/loop: Seen "HINFO IN [^"]*" more than twice, loop detected/,
    ],
    title: t('CoreDNS detected a forwarding loop', 'CoreDNS 检测到转发环路'),
    explanation: t(
      'CoreDNS forwards to the node’s /etc/resolv.conf, which points at a local stub resolver (systemd-resolved 127.0.0.53, dnsmasq) — inside the pod that is CoreDNS itself, so it exits and crash-loops.',
      'CoreDNS 转发到节点的 /etc/resolv.conf，而它指向本地存根解析器（systemd-resolved 的 127.0.0.53、dnsmasq）——在 Pod 内这就是 CoreDNS 自己，于是它退出并反复崩溃。',
    ),
    fix: {
      text: t(
        'Give the kubelet the real upstream servers (resolvConf: /run/systemd/resolve/resolv.conf) on every node, restart the kubelet, then kubectl -n kube-system rollout restart deployment coredns.',
        '在每个节点上让 kubelet 使用真实的上游服务器（resolvConf: /run/systemd/resolve/resolv.conf），重启 kubelet，然后执行 kubectl -n kube-system rollout restart deployment coredns。',
      ),
      id: 'kubelet-resolvconf',
    },
    references: ['coredns/coredns#2087', 'kubernetes/kubeadm#1162', 'coredns/coredns#2795'],
  },
];
