import type { ResolvedVersion } from '../catalog/images';
import type { RuntimeId } from '../catalog/kubernetesVersions';
import { packageRepo } from '../catalog/packages';
import { runtimeCap } from '../catalog/runtimeCaps';
import type { LocalizedText } from '../model/diagnosis';
import type { MachineRelease } from './machines';
import type { PackageArtifact, PackageRepository } from './schema';
import type { MirrorChoice } from './sources';

/**
 * The packages one machine release needs for one Kubernetes version.
 *
 * - kubelet, kubeadm, kubectl at exactly the version (the kube-packages step's PKGS).
 * - cri-tools and kubernetes-cni: kubeadm's package depends on both ("Depends: kubelet (>= …),
 *   kubectl (>= …), kubernetes-cni (>= …), cri-tools (>= …)" — kubernetes/release
 *   cmd/krel/templates/latest/kubeadm/debian/control, and the same Requires in kubeadm.spec); the
 *   minimum versions live in the repository's index, so the build takes the newest offered that
 *   satisfies kubeadm's Depends line.
 * - The runtime from Docker CE's repository, as the container-runtime step installs it:
 *   docker-ce, docker-ce-cli and containerd.io for Docker (and cri-dockerd's Docker), only
 *   containerd.io for containerd, capped by common/catalog/runtimeCaps.ts.
 *
 * Index locations: a pkgs.k8s.io repository is a flat one (`deb <uri> /`), whose index apt reads
 * at `<uri>/Packages` (https://wiki.debian.org/DebianRepository/Format#Flat_Repository_Format);
 * the legacy and Docker repositories are classic (`<uri>/dists/<suite>/<component>/binary-<arch>/
 * Packages`, same page); an rpm repository lists its primary.xml in `<baseurl>/repodata/repomd.xml`
 * (createrepo_c's layout, https://github.com/rpm-software-management/createrepo_c).
 */

const KUBE_PACKAGES = ['kubelet', 'kubeadm', 'kubectl'] as const;
const KUBE_DEPENDENCIES = ['cri-tools', 'kubernetes-cni'] as const;

function kubeRepositories(
  v: ResolvedVersion,
  m: MachineRelease,
  choices: readonly MirrorChoice[],
): PackageRepository[] {
  const out: PackageRepository[] = [];
  for (const c of choices) {
    const repo = packageRepo(v, c.mirrors, m.family, m.arch);
    if (!repo) continue;
    const index =
      m.family === 'rpm'
        ? `${repo.url}repodata/repomd.xml`
        : repo.layout === 'pkgs'
          ? `${repo.url}Packages`
          : `${repo.url}dists/${repo.suite.split(' ')[0] ?? ''}/main/binary-${m.arch}/Packages`;
    if (!out.some((r) => r.url === repo.url))
      out.push({ profile: c.profile, url: repo.url, index });
  }
  return out;
}

function dockerRepositories(
  m: MachineRelease,
  choices: readonly MirrorChoice[],
): PackageRepository[] {
  const out: PackageRepository[] = [];
  for (const c of choices) {
    const root = c.mirrors.dockerCe.replace(/\/+$/, '');
    const repo =
      m.family === 'deb'
        ? {
            url: `${root}/${m.dockerOs}`,
            index: `${root}/${m.dockerOs}/dists/${m.release}/stable/binary-${m.arch}/Packages`,
          }
        : {
            url: `${root}/centos/${m.release}/${m.arch}/stable/`,
            index: `${root}/centos/${m.release}/${m.arch}/stable/repodata/repomd.xml`,
          };
    if (!out.some((r) => r.url === repo.url)) out.push({ profile: c.profile, ...repo });
  }
  return out;
}

/** Docker nodes move to containerd at 1.24 (planUpgrade's default migration; KEP-2221). */
export function runtimeAt(runtime: RuntimeId, minor: number): RuntimeId {
  return runtime === 'docker' && minor >= 24 ? 'containerd' : runtime;
}

const WHY_KUBE: LocalizedText = {
  en: 'kube-packages installs it at the plan’s version',
  zh: 'kube-packages 按计划版本安装',
};
const WHY_DEPENDENCY: LocalizedText = {
  en: 'kubeadm’s package depends on it',
  zh: 'kubeadm 软件包依赖它',
};
const WHY_RUNTIME: LocalizedText = {
  en: 'container-runtime installs it from Docker CE’s repository',
  zh: 'container-runtime 从 Docker CE 仓库安装',
};

function packageId(m: MachineRelease, name: string, qualifier: string): string {
  return `${m.family}/${m.arch}/${name}@${qualifier}`;
}

/** The package artifacts (unmerged) for one machine release and one version. */
export function packagesFor(
  v: ResolvedVersion,
  runtime: RuntimeId,
  m: MachineRelease,
  choices: readonly MirrorChoice[],
): PackageArtifact[] {
  const base = { family: m.family, arch: m.arch, forVersions: [v.version] };
  const kubeRepos = kubeRepositories(v, m, choices);
  const out: PackageArtifact[] = [];
  if (kubeRepos.length > 0) {
    for (const name of KUBE_PACKAGES) {
      out.push({
        ...base,
        kind: 'package',
        id: packageId(m, name, v.version),
        name,
        version: v.version,
        repositories: kubeRepos,
        why: WHY_KUBE,
      });
    }
    for (const name of KUBE_DEPENDENCIES) {
      out.push({
        ...base,
        kind: 'package',
        id: packageId(m, name, `kubeadm-${v.version}`),
        name,
        repositories: kubeRepos,
        why: WHY_DEPENDENCY,
      });
    }
  }
  const cap = runtimeCap(v.minor);
  const dockerRepos = dockerRepositories(m, choices);
  const inRuntime = runtimeAt(runtime, v.minor);
  const names =
    inRuntime === 'containerd'
      ? ['containerd.io']
      : ['docker-ce', 'docker-ce-cli', 'containerd.io'];
  for (const name of names) {
    const series = name === 'containerd.io' ? undefined : cap.dockerSeries;
    const below = name === 'containerd.io' ? cap.containerdBelow : undefined;
    const dockerRoot = m.family === 'deb' ? `${m.dockerOs}-${m.release}` : `el${m.release}`;
    out.push({
      ...base,
      kind: 'package',
      id: packageId(m, name, `${dockerRoot}:${series ?? ''}<${below ?? ''}`),
      name,
      ...(series ? { series } : {}),
      ...(below ? { below } : {}),
      repositories: dockerRepos,
      why: WHY_RUNTIME,
    });
  }
  return out;
}

/** True when a version's Kubernetes packages have no repository in any profile. */
export function noKubeRepository(
  v: ResolvedVersion,
  m: MachineRelease,
  choices: readonly MirrorChoice[],
): boolean {
  return kubeRepositories(v, m, choices).length === 0;
}
