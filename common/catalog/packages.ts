import type { ResolvedVersion } from './images';
import type { MirrorProfile } from './mirrors';

/**
 * Where kubelet, kubeadm and kubectl come from for a version, and how their versions are spelled.
 *
 * - Legacy layout (the guide's): apt `deb <root> kubernetes-xenial main`, key `<root>doc/apt-key.gpg`,
 *   versions `1.18.2-00`; yum `<root>repos/kubernetes-el7-<arch>/`, keys `<root>doc/yum-key.gpg` and
 *   `<root>doc/rpm-package-key.gpg`, versions `1.18.2-0`. Upstream (apt.kubernetes.io,
 *   yum.kubernetes.io) was frozen 2023-09-13 and removed 2024-03-04; mirrors such as Aliyun keep it.
 * - pkgs.k8s.io layout (v1.24 and later): one repo per minor,
 *   `deb [signed-by=…] <root>/v1.N/deb/ /` with key `<root>/v1.N/deb/Release.key`, versions
 *   `1.28.2-1.1`; rpm `<root>/v1.N/rpm/` with key `<root>/v1.N/rpm/repodata/repomd.xml.key`,
 *   versions `1.28.2-150500.1.1` (kubernetes.io/docs/setup/production-environment/tools/kubeadm/
 *   install-kubeadm, "Installing kubeadm, kubelet and kubectl").
 *
 * The exact package strings are not here: the repository decides them (pkgs.k8s.io published
 * 1.27.0, 1.27.13, 1.28.9 and 1.29.4 as `-2.1` on the deb side and 1.29.4 as `-150500.2.1` on the
 * rpm side, per published `apt-cache madison kubeadm` / `dnf list --showduplicates kubeadm`
 * transcripts, 2024), so the kube-packages step asks the node's package manager at install.
 */

export type PackageFamily = 'deb' | 'rpm';
export type PackageLayout = 'legacy' | 'pkgs';

/** First minor published on pkgs.k8s.io. */
export const FIRST_PKGS_MINOR = 24;

export interface PackageRepo {
  layout: PackageLayout;
  family: PackageFamily;
  /** For deb: the `deb` line's URI; for rpm: the `baseurl`. */
  url: string;
  /** deb only: the suite and component (`kubernetes-xenial main`, or `/` for pkgs). */
  suite: string;
  /** Signing key URL(s). */
  gpgKeys: string[];
}

/** The layout a version uses: legacy before 1.24, pkgs.k8s.io from 1.24. */
export function packageLayout(v: ResolvedVersion): PackageLayout {
  return v.minor >= FIRST_PKGS_MINOR ? 'pkgs' : 'legacy';
}

/**
 * The repo for a version under a mirror profile, or undefined when that profile has none (the
 * upstream legacy repos are gone, so upstream cannot install 1.18–1.23 without an override).
 */
export function packageRepo(
  v: ResolvedVersion,
  profile: MirrorProfile,
  family: PackageFamily,
  arch = 'x86_64',
): PackageRepo | undefined {
  if (packageLayout(v) === 'pkgs') {
    const root = `${profile.kubernetesNew}/v1.${v.minor}/${family}/`;
    return family === 'deb'
      ? {
          layout: 'pkgs',
          family,
          url: root,
          suite: '/',
          gpgKeys: [`${root}Release.key`],
        }
      : {
          layout: 'pkgs',
          family,
          url: root,
          suite: '',
          gpgKeys: [`${root}repodata/repomd.xml.key`],
        };
  }
  const legacy = profile.kubernetesLegacy;
  // An empty root means "no legacy repo for this family" (an override set only the other one).
  if (!legacy || !(family === 'deb' ? legacy.apt : legacy.yum)) return undefined;
  return family === 'deb'
    ? {
        layout: 'legacy',
        family,
        url: legacy.apt,
        suite: 'kubernetes-xenial main',
        gpgKeys: [`${legacy.apt}doc/apt-key.gpg`],
      }
    : {
        layout: 'legacy',
        family,
        url: `${legacy.yum}repos/kubernetes-el7-${arch}/`,
        suite: '',
        gpgKeys: [`${legacy.yum}doc/yum-key.gpg`, `${legacy.yum}doc/rpm-package-key.gpg`],
      };
}

/**
 * The Google-hosted legacy repositories: apt.kubernetes.io, yum.kubernetes.io and
 * packages.cloud.google.com (where both redirected). Frozen 2023-09-13 and removed 2024-03-04
 * (kubernetes.io blog 2023-08-31 "pkgs.k8s.io: Legacy Package Repositories Deprecated and Frozen");
 * apt has answered "does not have a Release file" for them since (published outputs:
 * tests/fixtures/real/apt-legacy-*.txt).
 */
const RETIRED_REPO_HOSTS = ['apt.kubernetes.io', 'yum.kubernetes.io', 'packages.cloud.google.com'];

/** True when a repository URL points at one of the retired Google-hosted repositories. */
export function isRetiredKubernetesRepo(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return RETIRED_REPO_HOSTS.includes(host);
}
