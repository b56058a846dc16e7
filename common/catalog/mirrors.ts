import { CRI_DOCKERD } from './criDockerd';

/**
 * Mirror profiles: where OS packages, Docker CE, Kubernetes packages and images come from.
 * `upstream` uses the projects' own servers; `china` is the guide's Aliyun setup plus public
 * registry mirrors for the CNI images (Docker Hub, ghcr.io and quay.io are often unreachable from
 * mainland China — failure mode #4 in reference/failure-modes.md). Every URL can be overridden in
 * the plan (`ClusterPlan.mirrors`); see common/plan/effectiveMirrors.ts.
 */

export const MIRROR_PROFILES = ['upstream', 'china'] as const;
export type MirrorProfileId = (typeof MIRROR_PROFILES)[number];

/** Registries whose images CNI manifests reference; a mirror host replaces the registry host. */
export const CNI_REGISTRIES = ['docker.io', 'ghcr.io', 'quay.io'] as const;
export type CniRegistry = (typeof CNI_REGISTRIES)[number];

export interface MirrorProfile {
  id: MirrorProfileId;
  title: { en: string; zh: string };
  /**
   * Base URLs of distribution archives, by OS id; undefined keeps the node's own sources.
   * (The guide keeps Ubuntu's archive and only adds Docker and Kubernetes repos.)
   */
  osPackages: Partial<Record<'ubuntu' | 'debian' | 'rocky' | 'centos', string>> | undefined;
  /** Docker CE repository root; the OS id is appended (`…/linux/ubuntu`, `…/linux/centos`). */
  dockerCe: string;
  /**
   * Where cri-dockerd's release packages are downloaded (`<root>/v<version>/<asset>`): GitHub's
   * release downloads for every profile, as no Chinese mirror republishes them under a stable
   * path; a plan can point `mirrors.criDockerdReleases` at its own copy.
   */
  criDockerdReleases: string;
  /**
   * Root of the per-minor Kubernetes package repos (pkgs.k8s.io layout): the repo for a minor is
   * `<root>/v1.N/deb/` or `<root>/v1.N/rpm/`. Upstream: https://pkgs.k8s.io/core:/stable:
   * (kubernetes.io blog 2023-08-15 "pkgs.k8s.io: Introducing Kubernetes Community-Owned Package
   * Repositories"); Aliyun mirrors the same tree under /kubernetes-new/core/stable.
   */
  kubernetesNew: string;
  /**
   * The legacy Google-hosted layout (apt `kubernetes-xenial main`, yum `kubernetes-el7-<arch>`),
   * shut down upstream on 2024-03-04 (kubernetes.io blog 2023-08-31 "Legacy Package Repositories
   * Deprecated"); Aliyun still serves it, which is the only source left for 1.18–1.23 packages.
   */
  kubernetesLegacy: { apt: string; yum: string } | undefined;
  /** Repository for `kubeadm --image-repository`; undefined means kubeadm's default. */
  imageRepository: string | undefined;
  /** Mirror hosts for CNI images, by the registry they stand in for. */
  registries: Record<CniRegistry, string>;
  /** Docker daemon `registry-mirrors` (Docker Hub pull-through), as the guide's step 3 sets. */
  dockerRegistryMirrors: string[];
}

export const MIRRORS: Record<MirrorProfileId, MirrorProfile> = {
  upstream: {
    id: 'upstream',
    title: { en: 'Upstream (project servers)', zh: '官方源' },
    osPackages: undefined,
    dockerCe: 'https://download.docker.com/linux',
    criDockerdReleases: CRI_DOCKERD.releases,
    kubernetesNew: 'https://pkgs.k8s.io/core:/stable:',
    kubernetesLegacy: undefined,
    imageRepository: undefined,
    registries: { 'docker.io': 'docker.io', 'ghcr.io': 'ghcr.io', 'quay.io': 'quay.io' },
    dockerRegistryMirrors: [],
  },
  china: {
    id: 'china',
    title: { en: 'China (Aliyun and registry mirrors)', zh: '国内镜像（阿里云等）' },
    osPackages: {
      ubuntu: 'https://mirrors.aliyun.com/ubuntu/',
      debian: 'https://mirrors.aliyun.com/debian/',
      rocky: 'https://mirrors.aliyun.com/rockylinux/',
      centos: 'https://mirrors.aliyun.com/centos/',
    },
    // The guide's `add-apt-repository "deb … https://mirrors.aliyun.com/docker-ce/linux/ubuntu …"`.
    dockerCe: 'https://mirrors.aliyun.com/docker-ce/linux',
    criDockerdReleases: CRI_DOCKERD.releases,
    kubernetesNew: 'https://mirrors.aliyun.com/kubernetes-new/core/stable',
    // The guide's `deb https://mirrors.aliyun.com/kubernetes/apt/ kubernetes-xenial main`.
    kubernetesLegacy: {
      apt: 'https://mirrors.aliyun.com/kubernetes/apt/',
      yum: 'https://mirrors.aliyun.com/kubernetes/yum/',
    },
    imageRepository: 'registry.cn-hangzhou.aliyuncs.com/google_containers',
    // DaoCloud's public-image-mirror (github.com/DaoCloud/public-image-mirror): `<prefix>/<path>`
    // for docker.io, ghcr.io and quay.io without an account (Aliyun's accelerator needs one).
    registries: {
      'docker.io': 'docker.m.daocloud.io',
      'ghcr.io': 'ghcr.m.daocloud.io',
      'quay.io': 'quay.m.daocloud.io',
    },
    dockerRegistryMirrors: ['https://docker.m.daocloud.io'],
  },
};

export function mirrorProfile(id: MirrorProfileId): MirrorProfile {
  return MIRRORS[id];
}

/**
 * Rewrites an image reference to its mirror: `ghcr.io/flannel-io/flannel:v0.26.7` →
 * `ghcr.m.daocloud.io/flannel-io/flannel:v0.26.7`. Docker Hub short names (`calico/cni:v3`) are
 * `docker.io/...`. Images of registries without a mirror come back unchanged.
 */
export function mirrorImage(image: string, registries: Record<CniRegistry, string>): string {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  const registry = hasRegistry ? first : 'docker.io';
  const rest = hasRegistry ? image.slice(slash + 1) : slash < 0 ? `library/${image}` : image;
  if (!(CNI_REGISTRIES as readonly string[]).includes(registry)) return image;
  const mirror = registries[registry as CniRegistry];
  return `${mirror}/${rest}`;
}
