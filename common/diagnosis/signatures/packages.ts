import { t, type Signature } from '../signature';

/** Package repositories and version skew (apt, dnf/yum, kubeadm's version checks). */
export const PACKAGE_SIGNATURES: readonly Signature[] = [
  {
    id: 'legacy-package-repo',
    category: 'packages',
    kind: 'cause',
    weight: 90,
    patterns: [
      /The repository '[^']*(apt\.kubernetes\.io|packages\.cloud\.google\.com)[^']*' (does not have|no longer has) a Release file/,
      /packages\.cloud\.google\.com\/yum\/repos\/kubernetes-el7/,
      /(packages\.cloud\.google\.com\/apt|apt\.kubernetes\.io).*kubernetes-xenial/,
      // kubelab's own stop when the repository's key cannot be fetched (main/steps/scripts/lib.sh)
      // from a retired host: the install never reaches apt's "does not have a Release file".
      /cannot download the key https?:\/\/(apt|yum)\.kubernetes\.io\//,
      /cannot download the key https?:\/\/packages\.cloud\.google\.com\//,
    ],
    title: t('The legacy Kubernetes package repository is gone', '旧版 Kubernetes 软件源已下线'),
    explanation: t(
      'apt.kubernetes.io / yum.kubernetes.io (packages.cloud.google.com) were shut down on 2024-03-04. Packages now come from the per-minor repositories at pkgs.k8s.io (or a mirror of them).',
      'apt.kubernetes.io / yum.kubernetes.io（packages.cloud.google.com）已于 2024-03-04 下线。软件包现在来自 pkgs.k8s.io 上按次版本划分的仓库（或其镜像）。',
    ),
    fix: {
      text: t(
        'Remove the old repository file and add https://pkgs.k8s.io/core:/stable:/v1.N/deb/ (or /rpm/) for the planned minor version, with its Release.key; on the China profile use the mirror’s pkgs.k8s.io layout.',
        '删除旧的软件源文件，为计划的次版本添加 https://pkgs.k8s.io/core:/stable:/v1.N/deb/（或 /rpm/）及其 Release.key；中国配置下使用镜像站的 pkgs.k8s.io 目录结构。',
      ),
    },
    references: [
      'kubernetes/release#3485',
      'kubernetes/release#3484',
      'kubernetes/kubernetes#123666',
    ],
  },
  {
    // apt's and dnf's own words for a repository key problem (apt-pkg's "The following
    // signatures couldn't be verified because the public key is not available: NO_PUBKEY %s",
    // libdnf's "repomd.xml GPG signature verification error").
    id: 'package-repo-key',
    category: 'packages',
    kind: 'cause',
    weight: 92,
    patterns: [
      /NO_PUBKEY (?<keyId>[0-9A-F]{16})/,
      // yum splits "could not be verified" over two lines when the terminal is narrow.
      /repomd\.xml (GPG signature verification error|signature could not be)/,
      /The repository '[^']*' is not signed\./,
    ],
    title: t(
      'The package repository’s signing key is missing or wrong',
      '软件源的签名密钥缺失或不正确',
    ),
    explanation: t(
      'apt or dnf cannot verify the repository’s signature with the keys installed on this node. For the retired packages.cloud.google.com repository the key was rotated before the shutdown; for pkgs.k8s.io each minor version’s repository has its own Release.key that must be installed for the signed-by path in the source entry.',
      'apt 或 dnf 无法用本机已安装的密钥验证软件源的签名。对已下线的 packages.cloud.google.com 软件源，其密钥在下线前已轮换；对 pkgs.k8s.io，每个次版本的仓库都有自己的 Release.key，必须安装到软件源条目中 signed-by 指定的路径。',
    ),
    fix: {
      text: t(
        'Use the pkgs.k8s.io repository for the planned minor version and install its key: curl -fsSL https://pkgs.k8s.io/core:/stable:/v1.N/deb/Release.key | gpg --dearmor -o /etc/apt/keyrings/kubernetes-apt-keyring.gpg (rpm: gpgkey=…/rpm/repodata/repomd.xml.key); remove the old packages.cloud.google.com entry.',
        '使用与计划次版本对应的 pkgs.k8s.io 软件源并安装其密钥：curl -fsSL https://pkgs.k8s.io/core:/stable:/v1.N/deb/Release.key | gpg --dearmor -o /etc/apt/keyrings/kubernetes-apt-keyring.gpg（rpm：gpgkey=…/rpm/repodata/repomd.xml.key）；删除旧的 packages.cloud.google.com 条目。',
      ),
    },
    references: ['kubernetes/release#2862', 'kubernetes/k8s.io#4837', 'kubernetes/website#31526'],
  },
  {
    id: 'package-repo-404',
    category: 'packages',
    kind: 'cause',
    weight: 70,
    patterns: [
      /E: Version '(?<version>[^']+)' for '(?<package>kube\w+|cri-tools|kubernetes-cni)' was not found/,
      /Unable to locate package (?<package>kubeadm|kubelet|kubectl|cri-tools|kubernetes-cni)/,
      /No match for argument: (?<package>kube(adm|let|ctl)\S*)/,
      /Status code: 404 for \S*(kubernetes|k8s)\S*/i,
      /E: Failed to fetch \S*(pkgs\.k8s\.io|kubernetes)\S*\s+404/,
      /^Err:\d+ \S*(pkgs\.k8s\.io|kubernetes)/,
      /No package (?<package>kubeadm|kubelet|kubectl) available\./,
      // A wrong pkgs.k8s.io path (e.g. stable:/1.30 without the v) is refused by its CDN.
      /Status code: 403 for \S*packages\.k8s\.io\S*/,
      // kubelab's own stop before apt/dnf runs (main/steps/scripts/lib.sh, kl_die in the
      // version pin): the repository's index lacks the planned version.
      / has no (?<package>kube(adm|let|ctl)) (?<version>[\d.]+); nearest available: /,
    ],
    title: t('Kubernetes packages not found in the repository', '软件源中找不到 Kubernetes 软件包'),
    explanation: t(
      'The configured repository does not have the requested kubeadm / kubelet / kubectl version: it is for another minor version, a mirror has not synced it yet, or the repository file was never added.',
      '所配置的软件源中没有所需版本的 kubeadm / kubelet / kubectl：仓库对应的是其他次版本、镜像站尚未同步，或根本没有添加软件源。',
    ),
    fix: {
      text: t(
        'Each pkgs.k8s.io repository holds one minor version: add the one for the planned version (apt-cache madison kubeadm / dnf --showduplicates list kubeadm shows what is there), install exact versions and hold them (apt-mark hold / versionlock).',
        'pkgs.k8s.io 的每个仓库只包含一个次版本：添加与计划版本对应的仓库（用 apt-cache madison kubeadm / dnf --showduplicates list kubeadm 查看可用版本），安装确切版本并锁定（apt-mark hold / versionlock）。',
      ),
    },
    references: ['kubernetes/release#3564', 'kubesphere/kubekey#406'],
  },
  {
    id: 'kubelet-version-skew',
    category: 'packages',
    kind: 'cause',
    weight: 85,
    patterns: [
      /\[ERROR KubeletVersion\]/,
      /the kubelet version is higher than the control plane version/,
    ],
    title: t('kubelet is newer than the control plane', 'kubelet 版本高于控制平面'),
    explanation: t(
      'An unpinned package upgrade (or the latest version from the repository) installed a kubelet newer than the Kubernetes version being set up; the kubelet may never be newer than the API server.',
      '未锁定版本的升级（或直接安装了仓库中的最新版）使 kubelet 比要部署的 Kubernetes 版本更新；kubelet 的版本不能高于 API Server。',
    ),
    fix: {
      text: t(
        'Install kubelet, kubeadm and kubectl at exactly the planned version (apt-get install --allow-downgrades kubelet=<version>-*), hold them, or raise the planned version to match.',
        '将 kubelet、kubeadm、kubectl 安装为与计划完全一致的版本（apt-get install --allow-downgrades kubelet=<版本>-*）并锁定，或把计划版本提高到一致。',
      ),
    },
    references: ['kairen/kubeadm-ansible#61', 'metal3-io/metal3-dev-env#271'],
  },
];
