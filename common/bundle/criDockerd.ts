import { CRI_DOCKERD, criDockerdDebAsset, criDockerdReleaseUrl } from '../catalog/criDockerd';
import type { MachineRelease } from './machines';
import type { FileArtifact } from './schema';
import type { MirrorChoice } from './sources';

/**
 * cri-dockerd's release package for a machine release (common/catalog/criDockerd.ts: the .deb per
 * `<os>-<codename>` the project builds, its stated fallback for others, the one fc36 .rpm).
 */
export function criDockerdArtifact(
  m: MachineRelease,
  version: string,
  choices: readonly MirrorChoice[],
): FileArtifact {
  const asset =
    m.family === 'rpm' ? CRI_DOCKERD.rpmAsset : criDockerdDebAsset(debDistro(m), m.arch);
  const locations = choices.map((c) => ({
    profile: c.profile,
    location: `${criDockerdReleaseUrl(c.mirrors.criDockerdReleases)}/${asset}`,
  }));
  return {
    kind: 'file',
    id: `cri-dockerd/${asset}`,
    path: `packages/${m.family}/${m.arch}/${asset}`,
    sources: locations.filter(
      (s, i) => locations.findIndex((o) => o.location === s.location) === i,
    ),
    forVersions: [version],
    why: {
      en: 'container-runtime installs cri-dockerd from its release package',
      zh: 'container-runtime 从发布包安装 cri-dockerd',
    },
  };
}

function debDistro(m: MachineRelease): string {
  const distro = `${m.dockerOs}-${m.release}`;
  if ((CRI_DOCKERD.debDistros as readonly string[]).includes(distro)) return distro;
  return m.dockerOs === 'debian' ? CRI_DOCKERD.debFallback.debian : CRI_DOCKERD.debFallback.ubuntu;
}
