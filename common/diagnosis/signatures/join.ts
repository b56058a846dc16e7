import { t, type Signature } from '../signature';

/** Joining nodes: tokens, certificate keys, node names. */
export const JOIN_SIGNATURES: readonly Signature[] = [
  {
    id: 'join-token-expired',
    category: 'join',
    kind: 'cause',
    weight: 90,
    patterns: [
      /token id "(?<tokenId>\w+)" is invalid for this cluster or it has expired/,
      /there is no JWS signed token in the cluster-info ConfigMap/,
      // token.go after 1.2x: the bootstrap signer never signed cluster-info for this token ID.
      /could not find a JWS signature in the cluster-info ConfigMap for token ID/,
    ],
    title: t('The join token has expired or is unknown', '加入令牌已过期或无效'),
    explanation: t(
      'Bootstrap tokens from kubeadm init live 24 hours. This one has expired (or belongs to another cluster), so the API server does not recognise it.',
      'kubeadm init 生成的引导令牌只有 24 小时有效期。该令牌已过期（或属于另一个集群），API Server 不认可它。',
    ),
    fix: {
      text: t(
        'Create a fresh token on a control-plane node and join with the printed command.',
        '在控制平面节点上创建新令牌，并用打印出的命令加入。',
      ),
      id: 'join-token',
    },
    references: ['kubernetes/kubeadm#1988', 'kubernetes/kubeadm#630', 'kubernetes/kubeadm#1108'],
  },
  {
    id: 'certificate-key-expired',
    category: 'join',
    kind: 'cause',
    weight: 90,
    patterns: [
      /Secret "kubeadm-certs" was not found in the "kube-system" Namespace/,
      /error decoding secret data with provided key/,
      /error downloading certs/,
    ],
    title: t(
      'The certificate key for a control-plane join has expired',
      '控制平面加入所用的证书密钥已过期',
    ),
    explanation: t(
      'A control-plane join downloads the cluster certificates from the kubeadm-certs Secret, which kubeadm deletes after two hours; or the --certificate-key does not match the uploaded Secret.',
      '控制平面节点加入时要从 kubeadm-certs Secret 下载集群证书，该 Secret 两小时后会被 kubeadm 删除；或者 --certificate-key 与上传的 Secret 不匹配。',
    ),
    fix: {
      text: t(
        'On an existing control-plane node, upload the certificates again; join with the new --certificate-key it prints (and a fresh token).',
        '在已有的控制平面节点上重新上传证书；使用其打印的新 --certificate-key（以及新令牌）加入。',
      ),
      id: 'upload-certs',
    },
    references: ['kubernetes/kubeadm#1510', 'labring/sealos#1783', 'kubernetes/kubernetes#75218'],
  },
  {
    id: 'duplicate-node-name',
    category: 'join',
    kind: 'cause',
    weight: 90,
    patterns: [
      /a Node with name (?:"(?<hostname>[^"]+)" )?and status "Ready" already exists in the cluster/,
    ],
    title: t('A node with this name is already in the cluster', '集群中已存在同名节点'),
    explanation: t(
      'Node names come from the hostname. Cloned VMs often share one, and a second node with the same name would take over the first one’s identity.',
      '节点名来自主机名。克隆的虚拟机常常主机名相同，同名的第二个节点会顶替第一个节点的身份。',
    ),
    fix: {
      text: t(
        'Give this machine its own hostname (and regenerate machine-id if it is a clone), then kubeadm reset -f and join again.',
        '为这台机器设置独立的主机名（若是克隆机还需重新生成 machine-id），然后 kubeadm reset -f 并重新加入。',
      ),
      id: 'set-hostname',
    },
    references: [
      'kubernetes/kubernetes#89512',
      'kubernetes/kubernetes#36303',
      'kubernetes/kubeadm#1711',
    ],
  },
  {
    // Two machines with one hostname whose joins both went through (they ran before either node
    // was Ready, so kubeadm's "already exists" refusal above did not fire): the second kubelet
    // finds the Node taken and updates it ("Node was previously registered", kubelet
    // kubelet_node_status.go tryRegisterWithAPIServer), each writing its own InternalIP. kubelab's
    // wait-ready sees the Node alternate between the two addresses and fails with this line
    // (main/steps/scripts/wait-ready.sh), which also names the machine to rename.
    id: 'node-shared-by-two-machines',
    category: 'join',
    kind: 'cause',
    weight: 95,
    patterns: [/two machines registered as one Node \S+ \([0-9a-fA-F.:]+, [0-9a-fA-F.:]+\)/],
    title: t(
      'Two machines registered as one Node (the same hostname)',
      '两台机器注册成了同一个节点（主机名相同）',
    ),
    explanation: t(
      'kubeadm names a node after its hostname, and these two machines have the same one (cloned VMs). Both joined, but the second kubelet found the Node taken and now updates it with its own address, so the Node flips between the two machines and the second one never gets a Node of its own. kubeadm requires a unique hostname, MAC address and product_uuid for every node.',
      'kubeadm 以主机名作为节点名，而这两台机器的主机名相同（克隆的虚拟机）。两台都加入成功了，但第二个 kubelet 发现该节点已存在，便用自己的地址更新它，于是这个节点在两台机器之间来回切换，第二台机器始终没有自己的节点。kubeadm 要求每个节点的主机名、MAC 地址和 product_uuid 都唯一。',
    ),
    fix: {
      text: t(
        'On the machine the error names (the one whose kubelab name is not the Node’s): hostnamectl set-hostname <its name>, then kubeadm reset -f there, and join it again with kubelab add-node <its name>. Retry alone does not help: that machine’s join is recorded as done.',
        '在错误信息指出的那台机器上（其 kubelab 名称与节点名不同）：执行 hostnamectl set-hostname <它的名称>，再在该机器上执行 kubeadm reset -f，然后用 kubelab add-node <它的名称> 重新加入集群。仅重试无效：这台机器的加入步骤已记录为完成。',
      ),
    },
    references: ['kubernetes/kubeadm#31', 'kubernetes/kubernetes#89512'],
  },
  {
    id: 'hostname-invalid',
    category: 'node',
    kind: 'cause',
    weight: 85,
    patterns: [
      /a (lowercase RFC 1123|DNS-1123) subdomain must consist of lower case alphanumeric characters/,
    ],
    title: t('The hostname is not a valid node name', '主机名不是合法的节点名'),
    explanation: t(
      'Node names must be lowercase RFC 1123 names: letters, digits, “-” and “.”, starting and ending with a letter or digit. Uppercase letters or underscores are refused.',
      '节点名必须是小写的 RFC 1123 名称：字母、数字、“-” 和 “.”，且以字母或数字开头和结尾。大写字母或下划线会被拒绝。',
    ),
    fix: {
      text: t(
        'Rename the machine to a lowercase name (hostnamectl set-hostname), or set nodeRegistration.name in the plan.',
        '将机器改为小写名称（hostnamectl set-hostname），或在计划中设置 nodeRegistration.name。',
      ),
      id: 'set-hostname',
    },
    references: ['kubernetes/kubernetes#49065', 'kubernetes/kubeadm#366'],
  },
  {
    id: 'hostname-unresolvable',
    category: 'node',
    kind: 'cause',
    weight: 45,
    patterns: [
      /\[WARNING Hostname\]: hostname "(?<hostname>[^"]+)" could not be reached/,
      /\[WARNING Hostname\]: hostname "[^"]+": lookup \S+ on \S+: (no such host|server misbehaving)/,
    ],
    title: t('The hostname does not resolve', '主机名无法解析'),
    explanation: t(
      'The node cannot resolve its own hostname. kubeadm only warns, but components that address the node by name (kubectl logs/exec, metrics) will fail.',
      '节点无法解析自己的主机名。kubeadm 只给出警告，但通过名字访问节点的组件（kubectl logs/exec、metrics）会失败。',
    ),
    fix: {
      text: t(
        'Add the hostname with the node’s address to /etc/hosts on every node (kubelab manages a block for all nodes).',
        '在每个节点的 /etc/hosts 中加入主机名与节点地址（kubelab 会为所有节点维护一个区块）。',
      ),
      id: 'hosts-entry',
    },
    references: ['kubernetes/kubeadm#835', 'kubermatic/kubeone#544', 'kubernetes/kubeadm#1130'],
  },
];
