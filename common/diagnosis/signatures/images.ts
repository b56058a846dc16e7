import { t, type Signature } from '../signature';

/** Image pulls: the pause (sandbox) image, control-plane images, CNI images. */
export const IMAGE_SIGNATURES: readonly Signature[] = [
  {
    id: 'pause-image-blocked',
    category: 'images',
    kind: 'cause',
    weight: 85,
    patterns: [
      /failed to get sandbox image "(?<image>[^"]+)"/,
      /failed pulling image "(?<image>[^"]*\/pause:[^"]+)"/,
      /[Ff]ailed to pull image "?(?<image>[^"\s]*\/pause:[^"\s]+)"?/,
      // crictl / kubeadm config images pull through containerd (kubernetes/kubeadm#2936).
      /failed to pull and unpack image "(?<image>[^"]*\/pause:[^"]+)".*(i\/o timeout|connection refused|connection timed out|no such host|TLS handshake timeout)/,
      // containerd's own journal while the kubelet waits for a sandbox (sealerio/sealer#1485).
      /msg="trying next host" error="failed to do request: Head \\?"https:\/\/[^"\\]*\/v2\/(\S+\/)?pause\/manifests\//,
    ],
    title: t('The pause (sandbox) image cannot be pulled', '无法拉取 pause（sandbox）镜像'),
    explanation: t(
      'Every pod starts with the container runtime’s sandbox image. The runtime tries to pull it from its own setting (containerd sandbox_image), not from kubeadm’s imageRepository, and that registry is unreachable from this node — so no pod can start, not even the control plane.',
      '每个 Pod 都先启动容器运行时的 sandbox 镜像。运行时按自己的配置（containerd 的 sandbox_image）拉取它，而不是 kubeadm 的 imageRepository，而该仓库在此节点上无法访问——因此任何 Pod 都无法启动，包括控制平面。',
    ),
    fix: {
      text: t(
        'Point containerd’s sandbox_image at the same mirror as the plan’s image repository (or pre-load the image), restart containerd, then retry.',
        '将 containerd 的 sandbox_image 指向与计划中镜像仓库相同的镜像站（或预先导入该镜像），重启 containerd 后重试。',
      ),
      id: 'pause-image-mirror',
    },
    references: [
      'kubernetes/kubeadm#2607',
      'containerd/containerd#8653',
      'flannel-io/flannel#1782',
    ],
  },
  {
    id: 'image-pull-blocked',
    category: 'images',
    kind: 'cause',
    weight: 70,
    patterns: [
      /\[ERROR ImagePull\]: failed to pull image (?<image>\S+)/,
      /[Ff]ailed to pull image "(?<image>[^"]+)".*(i\/o timeout|connection refused|connection reset|no such host|TLS handshake timeout|Client\.Timeout exceeded|toomanyrequests|context deadline exceeded)/,
      /toomanyrequests: You have reached your pull rate limit/,
      // containerd's words, as crictl pull prints them (kubernetes/kubernetes#112464, kubernetes/website#40520).
      /failed to pull and unpack image "(?<image>[^"]+)".*(i\/o timeout|connection refused|connection timed out|no such host|TLS handshake timeout|context deadline exceeded)/,
    ],
    title: t('Image pulls are blocked', '镜像拉取被阻断'),
    explanation: t(
      'The node cannot download an image from its registry (registry.k8s.io, Docker Hub, ghcr.io, quay.io): the connection times out or is refused, or Docker Hub’s rate limit was hit.',
      '节点无法从镜像仓库（registry.k8s.io、Docker Hub、ghcr.io、quay.io）下载镜像：连接超时或被拒绝，或触发了 Docker Hub 的限流。',
    ),
    fix: {
      text: t(
        'Use a reachable mirror: set imageRepository in the kubeadm config (China profile: registry.aliyuncs.com/google_containers), add registry mirrors under /etc/containerd/certs.d, rewrite the CNI manifest’s images — or upload an offline image bundle.',
        '使用可访问的镜像站：在 kubeadm 配置中设置 imageRepository（中国配置：registry.aliyuncs.com/google_containers），在 /etc/containerd/certs.d 下配置镜像加速，改写 CNI 清单中的镜像地址——或上传离线镜像包。',
      ),
    },
    references: ['kubernetes/kubeadm#2936', 'kubernetes/kubeadm#2851', 'flannel-io/flannel#1639'],
  },
  {
    id: 'image-not-found',
    category: 'images',
    kind: 'cause',
    weight: 65,
    patterns: [
      /[Ff]ailed to pull image "(?<image>[^"]+)".*(: not found|manifest unknown|does not exist or no pull access)/,
    ],
    title: t('Image or tag does not exist', '镜像或标签不存在'),
    explanation: t(
      'The registry answered, but it has no such image or tag — usually a mirror that does not carry it, or an image that was relocated (flannel moved from quay.io to docker.io/flannel).',
      '镜像仓库有响应，但没有该镜像或标签——通常是镜像站未同步它，或镜像已迁移（flannel 已从 quay.io 迁到 docker.io/flannel）。',
    ),
    fix: {
      text: t(
        'Check the image name and tag against the catalog for this Kubernetes version and the mirror profile; use the image’s current location.',
        '对照该 Kubernetes 版本的目录与镜像站配置检查镜像名和标签，使用镜像当前所在的位置。',
      ),
    },
    references: ['flannel-io/flannel#1639', 'flannel-io/flannel#1482'],
  },
  {
    id: 'image-pull-backoff',
    category: 'images',
    kind: 'symptom',
    weight: 40,
    patterns: [
      /Back-off pulling image "(?<image>[^"]+)"/,
      /\b(Init:)?(ErrImagePull|ImagePullBackOff)\b/,
    ],
    title: t('A pod is stuck pulling its image', 'Pod 卡在拉取镜像'),
    explanation: t(
      'The kubelet keeps failing to pull an image and backs off (ErrImagePull / ImagePullBackOff). The reason is in the pod’s events.',
      'kubelet 反复拉取镜像失败并退避重试（ErrImagePull / ImagePullBackOff）。原因在 Pod 的事件中。',
    ),
    fix: {
      text: t(
        'Run kubectl describe pod <pod> -n <namespace> and read the “Failed to pull image” event; then paste it into kubelab diagnose, or try crictl pull <image> on that node.',
        '执行 kubectl describe pod <pod> -n <namespace> 查看 “Failed to pull image” 事件，再将其粘贴给 kubelab diagnose，或在该节点上试 crictl pull <镜像>。',
      ),
    },
    references: ['flannel-io/flannel#1294', 'easzlab/kubeasz#1408'],
  },
];
