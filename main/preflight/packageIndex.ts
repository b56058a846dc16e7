import { resolveVersion } from '../../common/catalog/images';
import { packageRepo, type PackageFamily } from '../../common/catalog/packages';
import type { ClusterPlan } from '../../common/model/plan';
import { effectiveMirrors } from '../../common/plan/effectiveMirrors';

/**
 * Where preflight reads which kubeadm versions the plan's Kubernetes repository offers a node,
 * before the repository is configured there (probe.sh's `k8spkgs` section): the same repository
 * the kube-packages step configures (packageRepo under the plan's effective mirrors).
 */
export interface PackageIndex {
  family: PackageFamily;
  /** The repository as the plan names it (deb line URI / yum baseurl): what messages name. */
  repoUrl: string;
  /** deb: the Packages index apt downloads; rpm: the baseurl dnf reads repodata/ under. */
  indexUrl: string;
  /** Debian architecture name of the node (Packages stanzas are per architecture). */
  arch: string;
  /** The upstream version the plan asks for (1.34.0). */
  wanted: string;
}

/** uname -m → Debian architecture (dpkg-architecture's names). */
const DEB_ARCH: Record<string, string> = {
  x86_64: 'amd64',
  aarch64: 'arm64',
  ppc64le: 'ppc64el',
  s390x: 's390x',
};

/**
 * The index to read, or undefined when the plan has no repository for this family (the mirror
 * check says so) or the version is not one the catalog can place in a repository.
 *
 * deb URLs follow the Debian repository format (wiki.debian.org/DebianRepository/Format): a flat
 * repository (`deb <uri> /`, pkgs.k8s.io) keeps `<uri>Packages`; a suite repository (`deb <uri>
 * kubernetes-xenial main`, the legacy layout) keeps `dists/<suite>/<component>/binary-<arch>/Packages`.
 */
export function packageIndex(
  plan: ClusterPlan,
  family: PackageFamily | undefined,
  unameArch: string,
): PackageIndex | undefined {
  const v = resolveVersion(plan.kubernetesVersion);
  if (!v || !family) return undefined;
  const rpmArch = unameArch || 'x86_64';
  const repo = packageRepo(v, effectiveMirrors(plan, v), family, rpmArch);
  if (!repo) return undefined;
  const arch = DEB_ARCH[rpmArch] ?? rpmArch;
  let indexUrl = repo.url;
  if (family === 'deb') {
    const [suite = '/', component = 'main'] = repo.suite.split(' ');
    const root = repo.url.endsWith('/') ? repo.url : `${repo.url}/`;
    indexUrl =
      suite === '/'
        ? `${root}Packages`
        : `${root}dists/${suite}/${component}/binary-${arch}/Packages`;
  }
  return { family, repoUrl: repo.url, indexUrl, arch, wanted: v.version };
}

/** The probe's environment for this index (empty values: not asked). */
export function packageIndexEnv(index: PackageIndex | undefined): Record<string, string> {
  return {
    KL_PKG_FAMILY: index?.family ?? '',
    KL_PKG_REPO: index?.repoUrl ?? '',
    KL_PKG_INDEX: index?.indexUrl ?? '',
    KL_PKG_ARCH: index?.arch ?? '',
  };
}
