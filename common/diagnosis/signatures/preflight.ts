import { t, type Signature } from '../signature';

/**
 * kubeadm's own preflight vocabulary that the other groups do not already name. The message
 * strings are kubeadm's, from cmd/kubeadm/app/preflight/checks.go (kubernetes/kubernetes
 * @00b6a4c7, the same wording since 1.18): NumCPUCheck.Check "the number of available CPUs %d is
 * less than the required %d"; MemCheck.Check in checks_linux.go "the system RAM (%d MB) is less
 * than the minimum %d MB"; IsPrivilegedUserCheck.Check in checks_unix.go "user is not running as
 * root"; SystemVerificationCheck runs k8s.io/system-validators (kernel_validator.go: "kernel
 * release %s is unsupported. %s", before 2024 "unsupported kernel release: %s"; "unexpected kernel
 * config: %s"; "missing required cgroups: %s"); ImagePullCheck.Check warns "detected that the
 * sandbox image %q of the container runtime is inconsistent with that used by kubeadm. It is
 * recommended to use %q as the CRI sandbox image." (1.26–1.28 wrote "recommended that using").
 * kubeadm prints each as "\t[ERROR <Name>]: <message>" or "\t[WARNING <Name>]: <message>".
 */
export const PREFLIGHT_SIGNATURES: readonly Signature[] = [
  {
    id: 'not-enough-cpu',
    category: 'node',
    kind: 'cause',
    weight: 95,
    patterns: [
      /\[ERROR NumCPU\]: the number of available CPUs (?<cpus>\d+) is less than the required (?<required>\d+)/,
    ],
    title: t('The machine has fewer than 2 CPUs', '机器的 CPU 少于 2 个'),
    explanation: t(
      'kubeadm requires at least 2 CPUs on a control-plane node (NumCPU preflight check); this machine has fewer, so kubeadm init stops in preflight.',
      'kubeadm 要求控制平面节点至少有 2 个 CPU（NumCPU 预检）；这台机器不足，因此 kubeadm init 在预检阶段停止。',
    ),
    fix: {
      text: t(
        'Give the VM at least 2 vCPUs and run the step again. Only for a throw-away test machine: --ignore-preflight-errors=NumCPU.',
        '为虚拟机分配至少 2 个 vCPU 后重新执行该步骤。仅限用完即弃的测试机：--ignore-preflight-errors=NumCPU。',
      ),
    },
    references: ['kubernetes/kubeadm#2479', 'kubeclipper/kubeclipper#700'],
  },
  {
    id: 'not-enough-memory',
    category: 'node',
    kind: 'cause',
    weight: 95,
    patterns: [
      /\[ERROR Mem\]: the system RAM \((?<ram>\d+) MB\) is less than the minimum (?<required>\d+) MB/,
    ],
    title: t('The machine has too little memory', '机器内存不足'),
    explanation: t(
      'kubeadm requires about 1700 MB of RAM on a control-plane node (Mem preflight check); this machine reports less, so kubeadm init stops in preflight.',
      'kubeadm 要求控制平面节点约有 1700 MB 内存（Mem 预检）；这台机器报告的内存更少，因此 kubeadm init 在预检阶段停止。',
    ),
    fix: {
      text: t(
        'Give the VM at least 2 GB of RAM and run the step again. Only for a throw-away test machine: --ignore-preflight-errors=Mem.',
        '为虚拟机分配至少 2 GB 内存后重新执行该步骤。仅限用完即弃的测试机：--ignore-preflight-errors=Mem。',
      ),
    },
    references: ['kubernetes/kubeadm#2479'],
  },
  {
    id: 'not-root',
    category: 'node',
    kind: 'cause',
    weight: 95,
    patterns: [/\[ERROR IsPrivilegedUser\]: user is not running as root/],
    title: t('kubeadm was not run as root', 'kubeadm 没有以 root 身份运行'),
    explanation: t(
      'kubeadm writes to /etc/kubernetes and manages the kubelet service, so it has to run as root; it was started as an ordinary user.',
      'kubeadm 需要写入 /etc/kubernetes 并管理 kubelet 服务，所以必须以 root 运行；它却是以普通用户启动的。',
    ),
    fix: {
      text: t(
        'Run kubeadm with sudo (kubelab does, when the SSH user is not root and has passwordless sudo).',
        '用 sudo 运行 kubeadm（当 SSH 用户不是 root 且有免密 sudo 时，kubelab 会这样做）。',
      ),
    },
    references: ['kubernetes/kubeadm#1885', 'kubernetes/kubeadm#733'],
  },
  {
    id: 'kernel-unsupported',
    category: 'node',
    kind: 'cause',
    weight: 85,
    patterns: [
      /\[ERROR SystemVerification\]: (kernel release \S+ is unsupported|unsupported kernel release)/,
      /\[ERROR SystemVerification\]: (unexpected kernel config|missing required cgroups|failed to parse kernel config)/,
    ],
    title: t('The kernel fails kubeadm’s system verification', '内核未通过 kubeadm 的系统校验'),
    explanation: t(
      'kubeadm’s SystemVerification check found a kernel it does not support (an old or non-LTS release) or one without a required feature (a kernel config option or a cgroup controller such as pids or cpuset).',
      'kubeadm 的 SystemVerification 检查发现内核不受支持（版本过旧或非 LTS），或缺少必需的功能（某个内核配置项或 pids、cpuset 等 cgroup 控制器）。',
    ),
    fix: {
      text: t(
        'Use a distribution kernel kubeadm supports (an upstream LTS 5.x/6.x) with the cgroup controllers enabled. If you know the kernel has the features, --ignore-preflight-errors=SystemVerification skips only this check.',
        '使用 kubeadm 支持的发行版内核（上游 LTS 5.x/6.x），并启用所需的 cgroup 控制器。若确认内核具备这些功能，可用 --ignore-preflight-errors=SystemVerification 只跳过此项检查。',
      ),
    },
    references: [
      'kubernetes/kubernetes#131898',
      'kubernetes/minikube#20627',
      'kairen/kubeadm-ansible#90',
    ],
  },
  {
    // checks.go HTTPProxyCheck / HTTPProxyCIDRCheck: "Connection to %q uses proxy %q. If that is
    // not intended, adjust your proxy settings"; "connection to %q uses proxy %q. This may lead to
    // malfunctional cluster setup. Make sure that Pod and Services IP ranges specified correctly
    // as exceptions in proxy configuration".
    id: 'proxy-intercepts-cluster',
    category: 'network',
    kind: 'cause',
    weight: 50,
    patterns: [
      /\[WARNING HTTPProxyCIDR\]: connection to "(?<cidr>[^"]+)" uses proxy/,
      /\[WARNING HTTPProxy\]: Connection to "[^"]+" uses proxy/,
    ],
    title: t('Cluster traffic would go through the HTTP proxy', '集群流量会经过 HTTP 代理'),
    explanation: t(
      'HTTP(S)_PROXY is set but NO_PROXY does not exempt the node addresses, the Service CIDR and the pod CIDR, so kubeadm, the kubelet and the container runtime send cluster-internal requests to the proxy, which cannot reach them.',
      '设置了 HTTP(S)_PROXY，但 NO_PROXY 没有排除节点地址、Service CIDR 和 Pod CIDR，于是 kubeadm、kubelet 和容器运行时把集群内部请求发给了无法到达它们的代理。',
    ),
    fix: {
      text: t(
        'Add the node IPs, the control-plane endpoint, the Service CIDR (10.96.0.0/12 by default), the pod CIDR, localhost, 127.0.0.1, .svc and .cluster.local to NO_PROXY (and no_proxy) for kubeadm and in the containerd/docker systemd drop-in, then restart the runtime and run the step again.',
        '将节点 IP、控制平面地址、Service CIDR（默认 10.96.0.0/12）、Pod CIDR、localhost、127.0.0.1、.svc 和 .cluster.local 加入 kubeadm 环境及 containerd/docker 的 systemd drop-in 中的 NO_PROXY（及 no_proxy），然后重启运行时并重新执行该步骤。',
      ),
    },
    references: ['kubernetes/kubeadm#2336', 'kubernetes/kubernetes#35972'],
  },
  {
    // A warning, not the failure: a fatal preflight error on the same run outranks it.
    id: 'docker-cgroupfs-warning',
    category: 'runtime',
    kind: 'symptom',
    weight: 30,
    patterns: [/\[WARNING IsDockerSystemdCheck\]: detected "cgroupfs" as the Docker cgroup driver/],
    title: t(
      'Docker uses the cgroupfs driver (kubeadm recommends systemd)',
      'Docker 使用 cgroupfs 驱动（kubeadm 建议 systemd）',
    ),
    explanation: t(
      'Docker runs with the cgroupfs cgroup driver while systemd manages the node. kubeadm only warns, but a kubelet configured for systemd will then refuse to start with a cgroup driver mismatch.',
      'Docker 使用 cgroupfs cgroup 驱动，而节点由 systemd 管理。kubeadm 只给出警告，但配置为 systemd 的 kubelet 会因 cgroup 驱动不一致而无法启动。',
    ),
    fix: {
      text: t(
        'Set "exec-opts": ["native.cgroupdriver=systemd"] in /etc/docker/daemon.json, restart Docker, and keep the kubelet on cgroupDriver: systemd.',
        '在 /etc/docker/daemon.json 中设置 "exec-opts": ["native.cgroupdriver=systemd"]，重启 Docker，并保持 kubelet 的 cgroupDriver: systemd。',
      ),
    },
    references: ['kubernetes/kubernetes#73837', 'kubermatic/kubeone#536'],
  },
  {
    id: 'sandbox-image-mismatch',
    category: 'images',
    kind: 'cause',
    weight: 45,
    patterns: [
      // The recommended image split so the containerd fix can write it back.
      /detected that the sandbox image "[^"]*" of the container runtime is inconsistent with that used by kubeadm\.\s?It is recommended (?:that using|to use) "(?<imageRepository>[^"]+)\/pause:(?<pauseTag>[^"@]+)"/,
      /detected that the sandbox image "[^"]*" of the container runtime is inconsistent with that used by kubeadm/,
    ],
    title: t(
      'The runtime’s pause (sandbox) image differs from kubeadm’s',
      '运行时的 pause（沙箱）镜像与 kubeadm 的不一致',
    ),
    explanation: t(
      'containerd (or CRI-O, cri-dockerd) starts every pod with its own configured pause image, not the one kubeadm pulled. If that image cannot be pulled (offline, registry blocked) no static pod starts and init times out. With containerd 2.x kubeadm may report the runtime’s image as "" because the setting moved (kubernetes/kubeadm#3146).',
      'containerd（或 CRI-O、cri-dockerd）用自己配置的 pause 镜像启动每个 Pod，而不是 kubeadm 拉取的那个。若该镜像无法拉取（离线、仓库被屏蔽），静态 Pod 都无法启动，init 超时。在 containerd 2.x 上，由于该设置已迁移，kubeadm 可能把运行时的镜像显示为 ""（kubernetes/kubeadm#3146）。',
    ),
    fix: {
      text: t(
        'Point the runtime at the image kubeadm recommends: containerd 1.x sandbox_image under [plugins."io.containerd.grpc.v1.cri"], containerd 2.x sandbox under [plugins."io.containerd.cri.v1.images".pinned_images]; CRI-O pause_image; cri-dockerd --pod-infra-container-image. Then restart the runtime.',
        '让运行时使用 kubeadm 建议的镜像：containerd 1.x 在 [plugins."io.containerd.grpc.v1.cri"] 下设置 sandbox_image，containerd 2.x 在 [plugins."io.containerd.cri.v1.images".pinned_images] 下设置 sandbox；CRI-O 设置 pause_image；cri-dockerd 使用 --pod-infra-container-image。然后重启运行时。',
      ),
      // Rewrites containerd 1.x's sandbox_image line; a containerd 2.x config has none to change.
      id: 'pause-image-mirror',
    },
    references: [
      'kubernetes/kubeadm#3146',
      'kubernetes/kubernetes#115610',
      'rootless-containers/usernetes#314',
    ],
  },
];
