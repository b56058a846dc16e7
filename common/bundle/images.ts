import { cniRelease, type CniRelease } from '../catalog/cni';
import { imageSet, type ImageSet, type ResolvedVersion } from '../catalog/images';
import { mirrorImage } from '../catalog/mirrors';
import { VERIFY_TEST_IMAGE } from '../catalog/verifyImage';
import type { LocalizedText } from '../model/diagnosis';
import type { ClusterPlan } from '../model/plan';
import type { ArtifactSource, FileArtifact, ImageArtifact } from './schema';
import type { MirrorChoice } from './sources';

/**
 * The images of one version: kubeadm's list (`kubeadm config images list` as common/catalog/
 * images.ts computes it from kubeadm's images.go — pause among them) under the plan's image
 * repository, which is the name the node looks for; then the CNI's images as its manifest names
 * them. Each is pulled from the plan's repository first and, as fallback, from the same image
 * under every other profile's repository (kubeadm's default registry, Aliyun's google_containers):
 * the OCI archive keeps the node's name whatever mirror served it.
 */

const ROLES: readonly (keyof ImageSet)[] = [
  'apiServer',
  'controllerManager',
  'scheduler',
  'proxy',
  'coredns',
  'pause',
  'etcd',
];

const WHY_KUBEADM: LocalizedText = {
  en: 'in `kubeadm config images list` for this version',
  zh: '属于该版本 `kubeadm config images list` 的镜像',
};
const WHY_CNI_IMAGE: LocalizedText = { en: 'the CNI manifest runs it', zh: 'CNI 清单运行它' };
const WHY_VERIFY_IMAGE: LocalizedText = {
  en: 'kubelab verify runs its test pods from it (offline: no registry to pull it from)',
  zh: 'kubelab verify 的测试 Pod 使用该镜像（离线时无镜像仓库可拉取）',
};
const WHY_CNI_MANIFEST: LocalizedText = {
  en: 'install-cni applies it',
  zh: 'install-cni 步骤应用该清单',
};

function uniqueSources(sources: ArtifactSource[]): ArtifactSource[] {
  return sources.filter((s, i) => sources.findIndex((o) => o.location === s.location) === i);
}

export function kubeadmImageArtifacts(
  v: ResolvedVersion,
  choices: readonly MirrorChoice[],
): ImageArtifact[] {
  if (v.beyondCatalog) return [];
  const sets = choices.map((c) => ({
    profile: c.profile,
    set: imageSet(v, c.mirrors.effectiveImageRepository),
  }));
  const own = sets[0];
  if (!own) return [];
  return ROLES.map((role) => ({
    kind: 'image' as const,
    id: `image/${own.set[role]}`,
    image: own.set[role],
    sources: uniqueSources(sets.map((s) => ({ profile: s.profile, location: s.set[role] }))),
    forVersions: [v.version],
    why: WHY_KUBEADM,
  }));
}

/** Where the bundle keeps a CNI release's manifest (and a pushed node: under NODE_BUNDLE_DIR). */
export function cniManifestPath(release: Pick<CniRelease, 'plugin' | 'version'>): string {
  return `manifests/${release.plugin}-${release.version}.yaml`;
}

export function cniArtifacts(
  plan: ClusterPlan,
  v: ResolvedVersion,
  choices: readonly MirrorChoice[],
): { release: CniRelease | undefined; images: ImageArtifact[]; manifest: FileArtifact[] } {
  const release = cniRelease(plan.cni.plugin, v.minor);
  if (!release) return { release, images: [], manifest: [] };
  const images = release.images.map((image) => ({
    kind: 'image' as const,
    id: `image/${image}`,
    image,
    sources: uniqueSources([
      ...choices.map((c) => ({
        profile: c.profile,
        location: mirrorImage(image, c.mirrors.registries),
      })),
      { profile: 'origin', location: image },
    ]),
    forVersions: [v.version],
    why: WHY_CNI_IMAGE,
  }));
  const url = plan.cni.manifestUrl ?? release.manifestUrl;
  const manifest: FileArtifact = {
    kind: 'file',
    id: `cni/${release.plugin}@${release.version}`,
    path: cniManifestPath(release),
    // No profile mirrors raw.githubusercontent.com or GitHub release downloads, so a plan's
    // manifestUrl override is the one alternative; the catalog's URL is the fallback to it.
    sources: uniqueSources([
      { profile: 'plan', location: url },
      { profile: 'origin', location: release.manifestUrl },
    ]),
    forVersions: [v.version],
    why: WHY_CNI_MANIFEST,
  };
  return { release, images, manifest: [manifest] };
}

/**
 * `kubelab verify`'s test image, for a plan whose machines have no internet: kept under its own
 * name (verifyTestImage gives the pods that name when plan.offline), pulled from each profile's
 * Docker Hub mirror first, then from Docker Hub.
 */
export function verifyImageArtifact(
  v: ResolvedVersion,
  choices: readonly MirrorChoice[],
): ImageArtifact {
  return {
    kind: 'image',
    id: `image/${VERIFY_TEST_IMAGE}`,
    image: VERIFY_TEST_IMAGE,
    sources: uniqueSources([
      ...choices.map((c) => ({
        profile: c.profile,
        location: mirrorImage(VERIFY_TEST_IMAGE, c.mirrors.registries),
      })),
      { profile: 'origin', location: VERIFY_TEST_IMAGE },
    ]),
    forVersions: [v.version],
    why: WHY_VERIFY_IMAGE,
  };
}
