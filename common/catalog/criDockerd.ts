/**
 * cri-dockerd: Docker Engine behind the CRI for Kubernetes 1.24 and later, after dockershim left
 * the kubelet (KEP-2221). Installed from the project's release packages, as its README says
 * ("The easiest way to install cri-dockerd is to use one of the pre-built binaries or packages
 * from the releases page", https://github.com/Mirantis/cri-dockerd#install).
 *
 * Facts, all at tag v0.3.16 (commit 7119864, 2024-12-12) of github.com/Mirantis/cri-dockerd:
 * - Packages built: deb for debian-bullseye, debian-bookworm, ubuntu-bionic, ubuntu-focal and
 *   ubuntu-jammy (packaging/deb/Makefile DEBIAN_VERSIONS / UBUNTU_VERSIONS); rpm for fedora-35/36
 *   (packaging/rpm/Makefile FEDORA_RELEASES; CENTOS_RELEASES is empty). Published asset names:
 *   `cri-dockerd_0.3.16.3-0.ubuntu-jammy_amd64.deb` and `cri-dockerd-0.3.16-3.fc36.x86_64.rpm`
 *   under `https://github.com/Mirantis/cri-dockerd/releases/download/v0.3.16/` (as installed in
 *   public scripts, e.g. minikube's none-driver CI setup).
 * - Units: packaging/systemd/cri-docker.socket `ListenStream=%t/cri-dockerd.sock` (so
 *   /run/cri-dockerd.sock, which /var/run links to) and cri-docker.service
 *   `ExecStart=/usr/bin/cri-dockerd --container-runtime-endpoint fd://`.
 * - Flags: `--pod-infra-container-image` (config/options.go: "The image whose network/ipc
 *   namespaces containers in each pod will use"); `--network-plugin` defaults to `cni` from 0.2.5
 *   (README "IMPORTANT"); packages before 0.3 shipped `--network-plugin=` (empty) in the unit, so
 *   kubelab passes `--network-plugin=cni` explicitly whatever the package's unit says.
 * - `cri-dockerd --version` prints "cri-dockerd <version> (<short commit>)" (cmd/server.go).
 * - kubeadm's socket for it: `unix:///var/run/cri-dockerd.sock` (kubeadm constants_unix.go
 *   CRISocketDocker; also cri-dockerd's own default endpoint in config/options.go).
 */
export const CRI_DOCKERD = {
  version: '0.3.16',
  commit: '7119864',
  /** Release download root; the mirror profile or the plan may replace it (`…/download`). */
  releases: 'https://github.com/Mirantis/cri-dockerd/releases/download',
  socket: 'unix:///var/run/cri-dockerd.sock',
  /** The distributions a .deb is published for, as `<os id>-<codename>`. */
  debDistros: [
    'ubuntu-bionic',
    'ubuntu-focal',
    'ubuntu-jammy',
    'debian-bullseye',
    'debian-bookworm',
  ],
  /** Used for an Ubuntu or Debian release the project does not build for (e.g. noble). */
  debFallback: { ubuntu: 'ubuntu-jammy', debian: 'debian-bookworm' },
  /** The one RPM build that RHEL-compatible systems take (no CentOS/EL build at this tag). */
  rpmAsset: 'cri-dockerd-0.3.16-3.fc36.x86_64.rpm',
} as const;

/** The .deb asset name for a distribution (`ubuntu-jammy`) and architecture (`amd64`). */
export function criDockerdDebAsset(distro: string, arch: string): string {
  return `cri-dockerd_${CRI_DOCKERD.version}.3-0.${distro}_${arch}.deb`;
}

/** The release directory a package is downloaded from: `<root>/v0.3.16`. */
export function criDockerdReleaseUrl(root: string = CRI_DOCKERD.releases): string {
  return `${root.replace(/\/+$/, '')}/v${CRI_DOCKERD.version}`;
}

/**
 * What the service runs: the package's ExecStart plus the pause image of the plan (cri-dockerd
 * starts every pod's sandbox with it, not with what kubeadm pulled) and the CNI network plugin.
 */
export function criDockerdExecStart(sandboxImage: string): string {
  return `/usr/bin/cri-dockerd --container-runtime-endpoint fd:// --pod-infra-container-image=${sandboxImage} --network-plugin=cni`;
}
