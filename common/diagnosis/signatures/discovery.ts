import { t, type Signature } from '../signature';

/**
 * `kubeadm join` discovery and TLS bootstrap, in kubeadm's words. The strings come from
 * cmd/kubeadm/app/discovery/discovery.go ("couldn't validate the identity of the API Server"),
 * cmd/kubeadm/app/discovery/token/token.go (validateClusterInfoToken: "failed to verify JWS
 * signature of received cluster info object, can't trust this API Server"; "cluster CA found in
 * cluster-info ConfigMap is invalid"; "failed to request the cluster-info ConfigMap"), and
 * cmd/kubeadm/app/util/pubkeypin/pubkeypin.go ("none of the public keys %q are pinned"); the
 * stack traces in tests/fixtures/real/jws-signature-kubeadm-3202.txt show those files.
 * The certificate download is cmd/kubeadm/app/phases/copycerts/copycerts.go (DownloadCerts).
 */
export const DISCOVERY_SIGNATURES: readonly Signature[] = [
  {
    id: 'join-ca-hash-mismatch',
    category: 'join',
    kind: 'cause',
    weight: 90,
    patterns: [
      /cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "(?<hash>sha256:[0-9a-f]+)" are pinned/,
      /none of the public keys "sha256:[0-9a-f]+" are pinned/,
    ],
    title: t(
      'The --discovery-token-ca-cert-hash does not match this cluster',
      '--discovery-token-ca-cert-hash 与该集群不符',
    ),
    explanation: t(
      'The joining node pins the cluster CA by its hash. The CA the API server presented has another hash: the join command comes from an earlier cluster (the control plane was re-initialised since), was copied wrongly, or points at another cluster’s endpoint.',
      '加入的节点通过哈希值固定集群 CA。API Server 出示的 CA 哈希值不同：加入命令来自之前的集群（控制平面后来被重新初始化）、复制有误，或者指向了另一个集群的地址。',
    ),
    fix: {
      text: t(
        'Print a fresh join command on a control-plane node of this cluster (it carries the current CA hash) and join with it.',
        '在该集群的控制平面节点上重新打印加入命令（其中带有当前的 CA 哈希值），并用它加入。',
      ),
      id: 'join-token',
    },
    references: ['opencmit/pangee-cluster#36'],
  },
  {
    id: 'join-token-signature-invalid',
    category: 'join',
    kind: 'cause',
    weight: 88,
    patterns: [/failed to verify JWS signature of received cluster info object/],
    title: t(
      'The join token does not sign this cluster’s cluster-info',
      '加入令牌无法验证该集群的 cluster-info',
    ),
    explanation: t(
      'The token ID exists but its secret half does not verify the signature on the cluster-info ConfigMap: the token was mistyped, belongs to a different cluster, or the signature was not refreshed after cluster-info changed.',
      '令牌 ID 存在，但其密钥部分无法验证 cluster-info ConfigMap 上的签名：令牌输入有误、属于另一个集群，或 cluster-info 变更后签名未被刷新。',
    ),
    fix: {
      text: t(
        'Create a fresh token on a control-plane node and join with the printed command.',
        '在控制平面节点上创建新令牌，并用打印出的命令加入。',
      ),
      id: 'join-token',
    },
    references: ['kubernetes/kubernetes#109233', 'kubernetes/kubeadm#3202'],
  },
  {
    id: 'join-api-unreachable',
    category: 'join',
    kind: 'cause',
    weight: 60,
    patterns: [
      /couldn't validate the identity of the API Server: .*(connection refused|no route to host|i\/o timeout|Client\.Timeout exceeded|context deadline exceeded)/,
      /failed to request the cluster-info ConfigMap/,
      /\[discovery\] Failed to request cluster.?info/,
      // kubeadm reset prints the same fetch as a warning; that is not a join.
      /^(?!.*\[reset\] ).*configmaps\/kubeadm-config\S*: dial tcp \S+: connect: (connection refused|no route to host)/,
      // Ansible prints stderr with the message split over several lines.
      /couldn't validate the identity of the API Server:\s*$/,
    ],
    title: t('The joining node cannot reach the API server', '加入的节点无法连接 API Server'),
    explanation: t(
      'kubeadm join could not fetch cluster-info from the control-plane endpoint: nothing listens there (connection refused: the API server is down, or the endpoint name resolves to the wrong address), or packets are dropped on the way (timeout / no route: a firewall, security group or wrong network).',
      'kubeadm join 无法从控制平面地址获取 cluster-info：该地址上没有服务监听（connection refused：API Server 未运行，或地址名解析到了错误的 IP），或数据包在途中被丢弃（超时 / no route：防火墙、安全组或网络不对）。',
    ),
    fix: {
      text: t(
        'From the joining node test the endpoint (curl -k https://ENDPOINT:6443/version). On the control plane check the API server (crictl ps | grep kube-apiserver) and open 6443/tcp in firewalld/ufw and any cloud security group; make sure the endpoint name resolves to the control plane’s reachable address.',
        '在加入的节点上测试该地址（curl -k https://地址:6443/version）。在控制平面上检查 API Server（crictl ps | grep kube-apiserver），并在 firewalld/ufw 及云安全组中放行 6443/tcp；确保该地址名解析到控制平面可达的 IP。',
      ),
    },
    references: [
      'kubernetes/kubeadm#2740',
      'kubernetes/kubernetes#95477',
      'grycap/ansible-role-kubernetes#184',
    ],
  },
  {
    id: 'kubeadm-certs-forbidden',
    category: 'join',
    kind: 'cause',
    weight: 88,
    patterns: [
      /secrets "kubeadm-certs" is forbidden: User "system:bootstrap:\w+" cannot get resource "secrets"/,
    ],
    title: t(
      'The bootstrap token may not read the uploaded certificates',
      '引导令牌无权读取已上传的证书',
    ),
    explanation: t(
      'A control-plane join reads the kubeadm-certs Secret with the bootstrap token. The Role that allows it is created by the upload-certs phase, which never ran on this cluster (or the token is not in the kubeadm bootstrap group).',
      '控制平面节点加入时用引导令牌读取 kubeadm-certs Secret。允许这样做的 Role 由 upload-certs 阶段创建，而该阶段从未在此集群上运行（或令牌不属于 kubeadm 的引导组）。',
    ),
    fix: {
      text: t(
        'On an existing control-plane node run the upload-certs phase, then join with the --certificate-key it prints and a fresh token.',
        '在已有的控制平面节点上运行 upload-certs 阶段，然后使用其打印的 --certificate-key 和新令牌加入。',
      ),
      id: 'upload-certs',
    },
    references: ['kubernetes/kubeadm#2386', 'kubernetes/kubernetes#103978'],
  },
];
