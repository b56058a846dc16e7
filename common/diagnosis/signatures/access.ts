import { t, type Signature } from '../signature';

/**
 * Reaching a running cluster's endpoints: kubectl to the API server, the API server to etcd,
 * crictl to the runtime socket, and certificates that are outside their validity period.
 * kubectl's "The connection to the server %s was refused - did you specify the right host or
 * port?" is in staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go (StandardErrorMessage); the etcd
 * client strings ("context deadline exceeded", "retrying of unary invoker failed") are etcd's
 * client/v3; crictl's "runtime connect using default endpoints" is cri-tools cmd/crictl/main.go.
 */
export const ACCESS_SIGNATURES: readonly Signature[] = [
  {
    id: 'apiserver-down',
    category: 'control-plane',
    kind: 'symptom',
    weight: 55,
    patterns: [
      /The connection to the server (?!localhost:8080\b)\S+:\d+ was refused - did you specify the right host or port\?/,
    ],
    title: t('The API server is not running', 'API Server 没有运行'),
    explanation: t(
      'kubectl reached the control-plane address but nothing listens on the API server port. Typical after a reboot: swap came back or the container runtime did not start, so the kubelet cannot run the static pods.',
      'kubectl 连到了控制平面地址，但 API Server 端口上没有服务。重启之后很常见：swap 又被启用或容器运行时没有启动，kubelet 因而无法运行静态 Pod。',
    ),
    fix: {
      text: t(
        'On the control-plane node check systemctl status kubelet containerd, swapon --show (disable swap again if needed), then crictl ps -a | grep kube-apiserver and its logs; classify the kubelet journal with kubelab diagnose.',
        '在控制平面节点上检查 systemctl status kubelet containerd、swapon --show（如有需要再次关闭 swap），然后查看 crictl ps -a | grep kube-apiserver 及其日志；用 kubelab diagnose 诊断 kubelet 日志。',
      ),
    },
    references: ['kubernetes/kubeadm#1008', 'kubernetes/kubernetes#125283'],
  },
  {
    id: 'kubeconfig-wrong-ca',
    category: 'kubeconfig',
    kind: 'cause',
    weight: 80,
    patterns: [
      /x509: certificate signed by unknown authority \(possibly because of "crypto\/rsa: verification error" while trying to verify candidate authority certificate "kubernetes"/,
    ],
    title: t(
      'The kubeconfig belongs to another (earlier) cluster',
      'kubeconfig 属于另一个（之前的）集群',
    ),
    explanation: t(
      'The API server’s certificate is signed by a CA other than the one in the kubeconfig: ~/.kube/config was copied from a previous kubeadm init, and the cluster has been re-initialised with a new CA since.',
      'API Server 的证书由与 kubeconfig 中不同的 CA 签发：~/.kube/config 是从之前的 kubeadm init 复制的，而集群之后已用新的 CA 重新初始化。',
    ),
    fix: {
      text: t(
        'Copy the current /etc/kubernetes/admin.conf over ~/.kube/config on the control-plane node (and wherever kubectl runs).',
        '在控制平面节点上（以及运行 kubectl 的其他地方）用当前的 /etc/kubernetes/admin.conf 覆盖 ~/.kube/config。',
      ),
      id: 'copy-admin-kubeconfig',
    },
    references: ['onosproject/sdran-in-a-box#181', 'actions-hub/kubectl#17'],
  },
  {
    id: 'etcd-unreachable',
    category: 'control-plane',
    kind: 'cause',
    weight: 70,
    patterns: [
      /failed to fetch endpoints from etcd cluster member list: context deadline exceeded/,
      /error syncing endpoints with etcd: context deadline exceeded/,
      /code = DeadlineExceeded desc = (context deadline exceeded|latest balancer error)/,
    ],
    title: t('etcd does not answer', 'etcd 没有响应'),
    explanation: t(
      'A client of etcd (etcdctl, kubeadm or the API server) gave up waiting: the etcd member is down, its peers cannot reach each other on 2379/2380 (firewall, wrong advertise address), or the client used the wrong certificates.',
      'etcd 的客户端（etcdctl、kubeadm 或 API Server）等待超时：etcd 成员未运行、成员之间无法通过 2379/2380 互通（防火墙、通告地址错误），或客户端使用了错误的证书。',
    ),
    fix: {
      text: t(
        'On the control plane check crictl ps -a | grep etcd and its logs; open 2379-2380/tcp between control-plane nodes; query with the kubeadm certificates: etcdctl --cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/healthcheck-client.crt --key /etc/kubernetes/pki/etcd/healthcheck-client.key endpoint health.',
        '在控制平面上查看 crictl ps -a | grep etcd 及其日志；在控制平面节点之间放行 2379-2380/tcp；用 kubeadm 的证书查询：etcdctl --cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/healthcheck-client.crt --key /etc/kubernetes/pki/etcd/healthcheck-client.key endpoint health。',
      ),
    },
    references: ['kubernetes/kubeadm#2651', 'kubernetes/kubeadm#2549', 'etcd-io/etcd#12234'],
  },
  {
    id: 'certificate-time-invalid',
    category: 'node',
    kind: 'cause',
    weight: 70,
    // Without Go's "current time … is before/after" detail the line cannot tell the two apart.
    patterns: [/x509: certificate has expired or is not yet valid(?!: current time)/],
    title: t(
      'A certificate is outside its validity period (expired, or the clock is wrong)',
      '证书不在有效期内（已过期，或时钟不对）',
    ),
    explanation: t(
      'TLS rejected a certificate as expired or not yet valid. Either the cluster certificates have passed their one-year lifetime, or this machine’s clock differs from the one that issued them.',
      'TLS 以“已过期或尚未生效”为由拒绝了证书。要么集群证书已超过一年的有效期，要么这台机器的时钟与签发证书的机器不一致。',
    ),
    fix: {
      text: t(
        'Compare date on this machine and the control plane (enable chrony/NTP if they differ). If the clocks are right, run kubeadm certs check-expiration and kubeadm certs renew all on every control-plane node, restart the control-plane pods and refresh ~/.kube/config.',
        '比较本机与控制平面的 date（若不一致则启用 chrony/NTP）。若时钟正确，在每个控制平面节点上执行 kubeadm certs check-expiration 和 kubeadm certs renew all，重启控制平面 Pod 并更新 ~/.kube/config。',
      ),
    },
    references: [
      'easzlab/kubeasz#922',
      'kubesphere/kubesphere#2958',
      'kubernetes/kubernetes#42791',
    ],
  },
  {
    id: 'crictl-no-endpoint',
    category: 'runtime',
    kind: 'cause',
    weight: 65,
    patterns: [
      /runtime connect using default endpoints: \[unix:\/\/\/var\/run\/dockershim\.sock/,
      /dial unix \/var\/run\/dockershim\.sock: connect: no such file or directory/,
    ],
    title: t('crictl is not told which runtime socket to use', 'crictl 未指定要使用的运行时套接字'),
    explanation: t(
      'Without /etc/crictl.yaml crictl tries its default endpoints in order, starting with dockershim.sock, which no longer exists since Kubernetes 1.24, and fails before it reaches containerd.',
      '没有 /etc/crictl.yaml 时，crictl 会按顺序尝试默认地址，第一个是 dockershim.sock，而它自 Kubernetes 1.24 起已不存在，于是在连到 containerd 之前就失败了。',
    ),
    fix: {
      text: t(
        'Write runtime-endpoint and image-endpoint (unix:///run/containerd/containerd.sock) to /etc/crictl.yaml.',
        '将 runtime-endpoint 和 image-endpoint（unix:///run/containerd/containerd.sock）写入 /etc/crictl.yaml。',
      ),
      id: 'crictl-endpoint',
    },
    references: ['kubernetes-sigs/cri-tools#1089', 'containerd/containerd#9633'],
  },
];
