import { t, type Signature } from '../signature';

/** The node's own setup: cgroups, swap, kernel modules and sysctls, tools, clock. */
export const NODE_SIGNATURES: readonly Signature[] = [
  {
    id: 'cgroup-driver-mismatch',
    category: 'runtime',
    kind: 'cause',
    weight: 90,
    patterns: [
      // A quoted value in the kubelet config shows up as "'systemd'" (kubernetes/kubernetes#87918).
      /kubelet cgroup driver: "'?(?<kubelet>\w+)'?" is different from docker cgroup driver: "(?<runtime>\w+)"/,
      /expected cgroupsPath to be of format "slice:prefix:name" for systemd cgroups/,
    ],
    title: t('cgroup driver mismatch', 'cgroup 驱动不一致'),
    explanation: t(
      'The kubelet and the container runtime manage cgroups with different drivers (systemd vs cgroupfs). The kubelet then cannot start pods, so the control plane never comes up or its pods crash-loop.',
      'kubelet 与容器运行时使用了不同的 cgroup 驱动（systemd 与 cgroupfs）。kubelet 因此无法启动 Pod，控制平面起不来或其 Pod 反复崩溃。',
    ),
    fix: {
      text: t(
        'Use the systemd driver on both sides: set SystemdCgroup = true in /etc/containerd/config.toml and restart containerd (for Docker: "exec-opts": ["native.cgroupdriver=systemd"] in /etc/docker/daemon.json); the kubelet config must say cgroupDriver: systemd. Then kubeadm reset -f and retry.',
        '两边都使用 systemd 驱动：在 /etc/containerd/config.toml 中设置 SystemdCgroup = true 并重启 containerd（Docker 则在 /etc/docker/daemon.json 中设置 "exec-opts": ["native.cgroupdriver=systemd"]）；kubelet 配置须为 cgroupDriver: systemd。然后执行 kubeadm reset -f 后重试。',
      ),
      id: 'containerd-systemd-cgroup',
    },
    references: [
      'kubernetes/kubernetes#43805',
      'kubernetes/kubeadm#1394',
      'kubernetes-sigs/kubespray#8122',
    ],
  },
  {
    // From 1.35 the kubelet's failCgroupV1 defaults to true (KEP-5573): it exits on a cgroup v1
    // host, and kubeadm's SystemVerification says so first. Wording: kubelet v1.35 (k3s
    // v1.35.2, NVIDIA/OpenShell#360) and kubeadm v1.35.0-rc.1 (kubernetes/minikube#22315).
    id: 'cgroup-v1-refused',
    category: 'node',
    kind: 'cause',
    weight: 92,
    patterns: [
      /kubelet is configured to not run on a host using cgroup v1/,
      /To explicitly enable cgroups v1 support for kubelet v1\.35 or newer/,
    ],
    title: t(
      'The kubelet (1.35+) refuses cgroup v1',
      'kubelet（1.35 及以上）拒绝在 cgroup v1 上运行',
    ),
    explanation: t(
      'From Kubernetes 1.35 the kubelet exits on a host that uses cgroup v1 (failCgroupV1 defaults to true), so the node never registers and kubeadm waits for a kubelet that is not running.',
      '自 Kubernetes 1.35 起，kubelet 在使用 cgroup v1 的主机上直接退出（failCgroupV1 默认为 true），节点无法注册，kubeadm 一直等待未运行的 kubelet。',
    ),
    fix: {
      text: t(
        'Boot the node with cgroup v2: add systemd.unified_cgroup_hierarchy=1 to the kernel command line (Debian/Ubuntu: GRUB_CMDLINE_LINUX in /etc/default/grub, then update-grub; RHEL family: grubby --update-kernel=ALL --args=systemd.unified_cgroup_hierarchy=1) and reboot, or install Kubernetes 1.34 or older.',
        '让节点以 cgroup v2 启动：在内核命令行加入 systemd.unified_cgroup_hierarchy=1（Debian/Ubuntu：修改 /etc/default/grub 中的 GRUB_CMDLINE_LINUX 后执行 update-grub；RHEL 系：grubby --update-kernel=ALL --args=systemd.unified_cgroup_hierarchy=1）并重启，或安装 Kubernetes 1.34 或更早版本。',
      ),
    },
    references: ['kubernetes/minikube#22315', 'NVIDIA/OpenShell#360', 'k0sproject/k0s#7398'],
  },
  {
    id: 'swap-on',
    category: 'node',
    kind: 'cause',
    weight: 90,
    patterns: [/\[ERROR Swap\]/, /running with swap on is not supported/i],
    title: t('Swap is on', '交换分区（swap）已开启'),
    explanation: t(
      'kubeadm refuses to install and the kubelet refuses to start while swap is active. Swap often comes back after a reboot from /etc/fstab (/swap.img) or zram.',
      '开启 swap 时 kubeadm 拒绝安装、kubelet 拒绝启动。重启后 swap 常会经由 /etc/fstab（/swap.img）或 zram 再次开启。',
    ),
    fix: {
      text: t(
        'Turn swap off now and for good: swapoff -a, comment out the swap lines in /etc/fstab and mask the swap units.',
        '立即并永久关闭 swap：swapoff -a，注释掉 /etc/fstab 中的 swap 行，并屏蔽 swap 相关单元。',
      ),
      id: 'swap-off',
    },
    references: [
      'kubernetes/kubeadm#610',
      'kubernetes-sigs/kubespray#2348',
      'kubernetes/kubernetes#34726',
    ],
  },
  {
    id: 'br-netfilter-missing',
    category: 'node',
    kind: 'cause',
    weight: 85,
    patterns: [
      /\[ERROR FileContent--proc-sys-net-bridge-bridge-nf-call-iptables\]/,
      /Failed to check br_netfilter/,
      /\/proc\/sys\/net\/bridge\/bridge-nf-call-ip6?tables(: no such file or directory| does not exist| contents are not set to 1|: No such file)/i,
    ],
    title: t(
      'br_netfilter module or bridge sysctls missing',
      '缺少 br_netfilter 模块或网桥 sysctl 设置',
    ),
    explanation: t(
      'Bridged pod traffic must pass through iptables. Without the br_netfilter module (and net.bridge.bridge-nf-call-iptables = 1) Services and the CNI break; flannel refuses to start.',
      '桥接的 Pod 流量必须经过 iptables。缺少 br_netfilter 模块（以及 net.bridge.bridge-nf-call-iptables = 1）时 Service 和 CNI 会失效，flannel 无法启动。',
    ),
    fix: {
      text: t(
        'Load overlay and br_netfilter (and persist them in /etc/modules-load.d), then set the bridge and forwarding sysctls in /etc/sysctl.d and run sysctl --system.',
        '加载 overlay 和 br_netfilter 模块（并写入 /etc/modules-load.d 持久化），然后在 /etc/sysctl.d 中设置网桥和转发参数并执行 sysctl --system。',
      ),
      id: 'kernel-modules-sysctl',
    },
    references: ['kubernetes/kubeadm#312', 'flannel-io/flannel#2166', 'kubernetes/website#31508'],
  },
  {
    id: 'ip-forward-off',
    category: 'node',
    kind: 'cause',
    weight: 85,
    patterns: [
      /\[ERROR FileContent--proc-sys-net-ipv4-ip_forward\]/,
      /\/proc\/sys\/net\/ipv4\/ip_forward contents are not set to 1/,
    ],
    title: t('IP forwarding is off', 'IP 转发未开启'),
    explanation: t(
      'net.ipv4.ip_forward is 0, so the node will not route pod traffic; kubeadm stops at preflight.',
      'net.ipv4.ip_forward 为 0，节点不会转发 Pod 流量；kubeadm 在预检阶段即停止。',
    ),
    fix: {
      text: t(
        'Set net.ipv4.ip_forward = 1 in /etc/sysctl.d/k8s.conf and run sysctl --system.',
        '在 /etc/sysctl.d/k8s.conf 中设置 net.ipv4.ip_forward = 1 并执行 sysctl --system。',
      ),
      id: 'kernel-modules-sysctl',
    },
    references: ['kubernetes/kubeadm#312'],
  },
  {
    id: 'missing-binaries',
    category: 'packages',
    kind: 'cause',
    weight: 80,
    patterns: [
      /\[ERROR FileExisting-(?<tool>[\w-]+)\]: \S+ not found in system path/,
      /error looking for path of conntrack/i,
      /\[WARNING FileExisting-(?<tool>[\w-]+)\]: \S+ not found in system path/,
    ],
    title: t('Required tools are missing', '缺少必需的工具'),
    explanation: t(
      'kubeadm needs conntrack (before 1.32), ip, iptables, mount and nsenter on root’s PATH; socat, ebtables and ethtool are recommended. They are missing, or not on the PATH sudo uses.',
      'kubeadm 需要 root 的 PATH 中有 conntrack（1.32 之前）、ip、iptables、mount 和 nsenter；建议安装 socat、ebtables 和 ethtool。它们缺失，或不在 sudo 使用的 PATH 中。',
    ),
    fix: {
      text: t(
        'Install conntrack, socat, ebtables and ethtool from the OS repositories.',
        '从系统软件源安装 conntrack、socat、ebtables 和 ethtool。',
      ),
      id: 'install-node-tools',
    },
    references: ['kubesphere/kubekey#1592', 'kubernetes/kubernetes#126952'],
  },
  {
    id: 'clock-skew',
    category: 'node',
    kind: 'cause',
    weight: 75,
    patterns: [
      /x509: certificate has expired or is not yet valid: current time \S+ is before \S+/,
      /the certificate is not valid yet/,
    ],
    title: t('Clocks disagree (certificate not yet valid)', '时钟不一致（证书尚未生效）'),
    explanation: t(
      'A certificate was issued by a machine whose clock runs ahead of this one, so here it is “not yet valid”. Nodes whose clocks differ by more than a few seconds break TLS, etcd and leader election.',
      '证书由时钟偏快的机器签发，在本机看来“尚未生效”。节点间时钟相差超过几秒会破坏 TLS、etcd 和选主。',
    ),
    fix: {
      text: t(
        'Synchronise every node with chrony (same NTP source, or the admin PC) and step the clock with chronyc makestep, before certificates are generated; then retry.',
        '用 chrony 同步所有节点（同一 NTP 源或管理员电脑），并在生成证书之前用 chronyc makestep 校正时钟，然后重试。',
      ),
      id: 'time-sync',
    },
    references: [
      'cookeem/kubeadm-ha#44',
      'kubernetes/kubernetes#42791',
      'kubernetes/kubernetes#94250',
    ],
  },
  {
    id: 'certificates-expired',
    category: 'control-plane',
    kind: 'cause',
    weight: 75,
    patterns: [
      /x509: certificate has expired or is not yet valid: current time \S+ is after \S+/,
      // kubeadm certs check-expiration prints <invalid> as the residual time of an expired one.
      /^[\w.-]+\s+\w{3} \d{1,2}, \d{4} \d\d:\d\d UTC\s+<invalid>\s/,
    ],
    title: t('Certificates have expired', '证书已过期'),
    explanation: t(
      'kubeadm certificates are valid for one year. After that the API server and kubectl reject them.',
      'kubeadm 签发的证书有效期为一年，到期后 API Server 和 kubectl 会拒绝它们。',
    ),
    fix: {
      text: t(
        'On each control-plane node: kubeadm certs check-expiration, kubeadm certs renew all, then restart the static pods (move the manifests out of /etc/kubernetes/manifests and back) and refresh ~/.kube/config from admin.conf.',
        '在每个控制平面节点上执行 kubeadm certs check-expiration 与 kubeadm certs renew all，然后重启静态 Pod（将清单移出 /etc/kubernetes/manifests 再移回），并用 admin.conf 更新 ~/.kube/config。',
      ),
    },
    references: ['kubernetes/kubeadm#2054', 'kubernetes/website#43713'],
  },
];
