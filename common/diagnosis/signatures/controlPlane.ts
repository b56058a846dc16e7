import { t, type Signature } from '../signature';

/** Leftovers of earlier attempts, CRI sockets, the control plane coming up, kubectl access. */
export const CONTROL_PLANE_SIGNATURES: readonly Signature[] = [
  {
    id: 'leftovers',
    category: 'control-plane',
    kind: 'cause',
    weight: 85,
    patterns: [
      /\[ERROR FileAvailable--etc-kubernetes-manifests-[\w.-]+\]/,
      /\[ERROR DirAvailable--var-lib-etcd\]: \/var\/lib\/etcd is not empty/,
      /\[ERROR FileAvailable--etc-kubernetes-(kubelet|bootstrap-kubelet)\.conf\]/,
      /\[ERROR DirAvailable--etc-kubernetes-manifests\]/,
      // checks.go FileAvailableCheck on join: the CA of an earlier cluster is still on the node.
      /\[ERROR FileAvailable--etc-kubernetes-pki-ca\.crt\]/,
      // The same leftovers when preflight errors were ignored (kubespray passes all).
      /\[WARNING FileAvailable--etc-kubernetes-manifests-[\w.-]+\]: \S+ already exists/,
    ],
    title: t('Leftovers of an earlier install', '之前安装的残留'),
    explanation: t(
      'Static pod manifests, etcd data or a kubelet.conf from a previous kubeadm run are still on this node, so kubeadm refuses to overwrite them.',
      '此节点上仍有上一次 kubeadm 运行留下的静态 Pod 清单、etcd 数据或 kubelet.conf，kubeadm 拒绝覆盖它们。',
    ),
    fix: {
      text: t(
        'Reset the node completely (kubeadm reset -f, remove the CNI directories and interfaces, flush iptables, restart containerd), then run the step again. This deletes the old cluster on this node.',
        '彻底重置该节点（kubeadm reset -f，删除 CNI 目录和接口，清空 iptables，重启 containerd），然后重新执行该步骤。这会删除此节点上的旧集群。',
      ),
      id: 'reset-node',
    },
    references: ['kubernetes/kubeadm#1616', 'kubernetes/kubeadm#3013', 'labring/sealos#534'],
  },
  {
    id: 'port-in-use',
    category: 'control-plane',
    kind: 'cause',
    weight: 80,
    patterns: [/\[ERROR Port-(?<port>\d+)\]: Port \d+ is in use/],
    title: t('A port Kubernetes needs is already in use', 'Kubernetes 需要的端口已被占用'),
    explanation: t(
      'Another process listens on a port kubeadm needs (6443, 2379-2380, 10250, 10257, 10259). Usually it is the kubelet or a control plane left running by an earlier attempt, sometimes another program.',
      '另一个进程占用了 kubeadm 需要的端口（6443、2379-2380、10250、10257、10259）。通常是之前尝试留下的 kubelet 或控制平面，有时是其他程序。',
    ),
    fix: {
      text: t(
        'Find the owner with ss -ltnp "sport = :PORT". If it is an old kubelet/apiserver/etcd, reset the node; otherwise stop that program.',
        '用 ss -ltnp "sport = :端口" 找出占用者。若是旧的 kubelet/apiserver/etcd，则重置该节点；否则停止该程序。',
      ),
      id: 'reset-node',
    },
    references: ['kubernetes/kubernetes#81992', 'exoscale/cli#224'],
  },
  {
    id: 'multiple-cri-sockets',
    category: 'runtime',
    kind: 'cause',
    weight: 90,
    patterns: [
      // cmd/kubeadm/app/util/runtime: ≥1.24 "Found multiple CRI endpoints on the host. Please
      // define which one…"; before, "Found multiple CRI sockets, please use --cri-socket…".
      // Published v1.31.0 output starts lower-case ("found multiple CRI endpoints", `kubeadm
      // config images pull`), hence the first letter either way.
      /[Ff]ound multiple CRI endpoints on the host/,
      /Found multiple CRI sockets, please use --cri-socket/,
    ],
    title: t('More than one container runtime socket', '存在多个容器运行时套接字'),
    explanation: t(
      'Several runtimes are installed (containerd with cri-dockerd or CRI-O), and kubeadm will not guess which one to use.',
      '安装了多个运行时（containerd 与 cri-dockerd 或 CRI-O 并存），kubeadm 不会替你选择。',
    ),
    fix: {
      text: t(
        'Name the socket: nodeRegistration.criSocket (or --cri-socket unix:///run/containerd/containerd.sock) in every init, join and upload-certs call, and set /etc/crictl.yaml; optionally remove the stray runtime.',
        '明确指定套接字：在每次 init、join 和 upload-certs 中设置 nodeRegistration.criSocket（或 --cri-socket unix:///run/containerd/containerd.sock），并配置 /etc/crictl.yaml；也可移除多余的运行时。',
      ),
      id: 'crictl-endpoint',
    },
    references: ['kubesphere/kubekey#1642', 'cri-o/cri-o#4445', 'kubernetes/kubeadm#1495'],
  },
  {
    // Docker Engine through cri-dockerd (Kubernetes ≥ 1.24): the socket is the packaged
    // cri-docker.socket's ListenStream=%t/cri-dockerd.sock (Mirantis/cri-dockerd v0.3.16
    // packaging/systemd). Dial errors in crictl's old ("Error while dialing dial unix") and new
    // ("Error while dialing: dial unix", cri-tools ≥1.27) wordings; an old cri-dockerd without
    // CRI v1 answers kubelet 1.26+ "CRI v1 runtime API is not implemented" (cri-dockerd#136, #137).
    id: 'cri-dockerd-down',
    category: 'runtime',
    kind: 'cause',
    weight: 82,
    patterns: [
      /dial unix \/(var\/)?run\/cri-dockerd\.sock: connect: (no such file or directory|connection refused)/,
      /CRI v1 runtime API is not implemented for endpoint \\?"unix:\/\/\/(var\/)?run\/cri-dockerd\.sock/,
      // cri-dockerd's own log without dockerd: at start, core/docker_service.go getDockerVersion
      // ("failed to get docker version from dockerd: …", then logrus.Fatal in cmd/server.go);
      // while running, its journal lines (cri-dockerd#208, #121).
      /failed to get docker version from dockerd: Cannot connect to the Docker daemon/,
      /cri-dockerd\[\d+\]: .*Cannot connect to the Docker daemon at unix:\/\/\/var\/run\/docker\.sock/,
    ],
    title: t('cri-dockerd is not serving the CRI', 'cri-dockerd 未提供 CRI 服务'),
    explanation: t(
      'The kubelet, kubeadm and crictl reach Docker Engine only through cri-dockerd’s socket /var/run/cri-dockerd.sock. It is missing (cri-dockerd not installed, or cri-docker.socket not started), refuses connections (cri-docker.service stopped or crashing, often because docker is down), or belongs to a cri-dockerd too old for the kubelet’s CRI v1.',
      'kubelet、kubeadm 和 crictl 只能通过 cri-dockerd 的套接字 /var/run/cri-dockerd.sock 访问 Docker Engine。该套接字不存在（未安装 cri-dockerd，或 cri-docker.socket 未启动）、拒绝连接（cri-docker.service 已停止或反复崩溃，常因 docker 未运行），或 cri-dockerd 版本过旧、不支持 kubelet 需要的 CRI v1。',
    ),
    fix: {
      text: t(
        'Start docker, then cri-dockerd’s socket and service (systemctl enable --now cri-docker.socket; systemctl restart cri-docker.service); if it stays down, read journalctl -u cri-docker, and install a current cri-dockerd release (kubelab installs 0.3.16).',
        '先启动 docker，再启动 cri-dockerd 的套接字与服务（systemctl enable --now cri-docker.socket；systemctl restart cri-docker.service）；若仍无法运行，查看 journalctl -u cri-docker，并安装较新的 cri-dockerd 发布版（kubelab 安装 0.3.16）。',
      ),
      id: 'cri-dockerd-start',
    },
    references: [
      'kubernetes/minikube#15897',
      'kubernetes/minikube#20192',
      'Mirantis/cri-dockerd#136',
    ],
  },
  {
    id: 'cri-not-running',
    category: 'runtime',
    kind: 'cause',
    weight: 80,
    patterns: [
      /CRI v1 runtime API is not implemented for endpoint/,
      /\[ERROR CRI\]: container runtime is not running/,
      /unknown service runtime\.v1(alpha2)?\.RuntimeService/,
    ],
    title: t('The container runtime does not serve the CRI API', '容器运行时未提供 CRI 接口'),
    explanation: t(
      'containerd is not running, or its CRI plugin is disabled — the containerd.io package from Docker’s repository ships disabled_plugins = ["cri"] in /etc/containerd/config.toml.',
      'containerd 未运行，或其 CRI 插件被禁用——来自 Docker 软件源的 containerd.io 软件包在 /etc/containerd/config.toml 中默认写有 disabled_plugins = ["cri"]。',
    ),
    fix: {
      text: t(
        'Enable the CRI plugin (remove "cri" from disabled_plugins, or regenerate the config with containerd config default) and restart containerd.',
        '启用 CRI 插件（从 disabled_plugins 中删除 "cri"，或用 containerd config default 重新生成配置）并重启 containerd。',
      ),
      id: 'containerd-enable-cri',
    },
    references: [
      'containerd/containerd#8139',
      'containerd/containerd#8032',
      'kubernetes/kubernetes#111591',
    ],
  },
  {
    id: 'control-plane-timeout',
    category: 'control-plane',
    kind: 'symptom',
    weight: 50,
    patterns: [
      /error execution phase wait-control-plane/,
      /\[api-check\] The API server is not healthy after/,
      /\[kubelet-check\] The kubelet is not healthy after/,
      /\[kubelet-check\] It seems like the kubelet isn't running or healthy/,
      /\[kubelet-check\] The HTTP call equal to 'curl -sSL http:\/\/localhost:10248\/healthz' failed/,
      /This error is likely caused by:/,
      // kubeadm ≤1.30 printed this below "Unfortunately, an error has occurred:".
      /^\s*timed out waiting for the condition$/,
    ],
    title: t('The control plane never came up', '控制平面未能启动'),
    explanation: t(
      'kubeadm wrote the static pod manifests but the kubelet did not bring the API server up in time. This is a symptom: the cause is in the kubelet journal or the crashed containers (cgroup driver, pause image, swap, CRI).',
      'kubeadm 已写入静态 Pod 清单，但 kubelet 未能及时拉起 API Server。这只是现象：原因在 kubelet 日志或崩溃的容器中（cgroup 驱动、pause 镜像、swap、CRI）。',
    ),
    fix: {
      text: t(
        'After a failed kubelab run this is what was left: kubelab already read the kubelet and runtime journals, crictl ps -a, the firewalls and the API port from every node and found no known cause. Read the API server container’s logs: crictl ps -a | grep kube-apiserver, then crictl logs <id>. For pasted output, classify the kubelet journal too: journalctl -u kubelet --no-pager | tail -200 | kubelab diagnose -.',
        'kubelab 运行失败后出现此项，说明 kubelab 已读取 kubelet 和容器运行时日志、crictl ps -a、防火墙以及各节点到 API 端口的连通性，但没有找到已知原因。请查看 API Server 容器的日志：crictl ps -a | grep kube-apiserver，然后 crictl logs <id>。对于粘贴的输出，请同时诊断 kubelet 日志：journalctl -u kubelet --no-pager | tail -200 | kubelab diagnose -。',
      ),
    },
    references: [
      'kubernetes/kubeadm#2535',
      'kubernetes/kubeadm#2574',
      'kubernetes/kubernetes#74249',
    ],
  },
  {
    id: 'kubeconfig-missing',
    category: 'kubeconfig',
    kind: 'cause',
    weight: 75,
    patterns: [
      /The connection to the server localhost:8080 was refused/,
      /Get "?http:\/\/localhost:8080\/api\?timeout=\d+s"?: dial tcp \S+:8080: connect: connection refused/,
    ],
    title: t('kubectl has no kubeconfig', 'kubectl 没有 kubeconfig'),
    explanation: t(
      'kubectl found no kubeconfig and fell back to localhost:8080, where nothing listens. After kubeadm init, admin.conf has to be copied to ~/.kube/config (or KUBECONFIG set) for the user running kubectl.',
      'kubectl 找不到 kubeconfig，于是退回到 localhost:8080，而那里没有服务。kubeadm init 之后，需要为运行 kubectl 的用户把 admin.conf 复制到 ~/.kube/config（或设置 KUBECONFIG）。',
    ),
    fix: {
      text: t(
        'On a control-plane node copy /etc/kubernetes/admin.conf to ~/.kube/config and make it yours (or export KUBECONFIG=/etc/kubernetes/admin.conf as root).',
        '在控制平面节点上把 /etc/kubernetes/admin.conf 复制到 ~/.kube/config 并改为自己所有（或以 root 身份 export KUBECONFIG=/etc/kubernetes/admin.conf）。',
      ),
      id: 'copy-admin-kubeconfig',
    },
    references: ['kubernetes/kubernetes#44665', 'kubernetes/kubeadm#2486'],
  },
];
