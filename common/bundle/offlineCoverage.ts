import { ociArch } from './imageRef';
import type { BundleManifest } from './manifest';
import type { NodeShipment } from './pushSelection';
import type { Artifact } from './schema';

/**
 * The offline preflight's desktop half (issue 22: "every needed package resolvable from the local
 * repository and every image present before kubeadm runs"): of what the plan needs on a machine
 * (bundleNeeds for it), what the bundle does not hold — a package no repository offered at build
 * time (the build's `skipped`), an image or file of a plan changed since. Each is named by its
 * artifact id; with no internet the install would stop there.
 */
export function missingForNode(
  needs: readonly Artifact[],
  manifest: BundleManifest,
  node: Pick<NodeShipment, 'family' | 'arch'>,
): string[] {
  const images = `images/${ociArch(node.arch)}/`;
  const held = (a: Artifact): boolean => {
    switch (a.kind) {
      case 'package':
        return (
          a.family !== node.family ||
          a.arch !== node.arch ||
          manifest.entries.some((e) => e.kind === 'package' && e.id === a.id)
        );
      case 'image':
        return manifest.entries.some(
          (e) => e.kind === 'image' && e.version === a.image && e.path.startsWith(images),
        );
      case 'file':
        return manifest.entries.some((e) => e.kind === 'file' && e.id === a.id);
    }
  };
  return needs.filter((a) => !held(a)).map((a) => a.id);
}
