import { z } from 'zod';
import { LocalizedTextSchema } from '../model/diagnosis';
import { FieldErrorSchema } from '../model/plan';

/**
 * What an air-gapped bundle must hold for a plan (issue 22, part 1): plain data, so the contract,
 * the CLI and the builder read the same list. A package is named, not yet a file: its exact file
 * (and the SHA-256 the repository publishes for it) is read from the repository's index at build
 * time, the way the kube-packages step asks the node's package manager at install.
 */

/** Where one artifact can be fetched from: the plan's mirror profile first, then fallbacks. */
export const ArtifactSourceSchema = z.object({
  /** `plan` (the plan's effective mirrors, overrides included) or a profile id used as fallback. */
  profile: z.string(),
  /** A URL (files, repositories) or an image reference (images). */
  location: z.string(),
});
export type ArtifactSource = z.infer<typeof ArtifactSourceSchema>;

export const PackageRepositorySchema = z.object({
  profile: z.string(),
  /** The deb line's URI / the yum baseurl, as a node would configure it. */
  url: z.string(),
  /** The index the exact file and its published SHA-256 are read from (Packages / repomd.xml). */
  index: z.string(),
});
export type PackageRepository = z.infer<typeof PackageRepositorySchema>;

export const PackageArtifactSchema = z.object({
  kind: z.literal('package'),
  id: z.string(),
  family: z.enum(['deb', 'rpm']),
  /** The architecture as the package family spells it (deb amd64, rpm x86_64). */
  arch: z.string(),
  name: z.string(),
  /** The upstream version wanted exactly (`1.18.2`); undefined: what the index's dependency asks. */
  version: z.string().optional(),
  /** Runtime packages: the newest in this series (`19.03`) / below this version (`2.0`). */
  series: z.string().optional(),
  below: z.string().optional(),
  repositories: z.array(PackageRepositorySchema).min(1),
  /** The Kubernetes versions (plan and upgrade hops) this package serves. */
  forVersions: z.array(z.string()),
  /** Why it is in the bundle (EN/ZH). */
  why: LocalizedTextSchema,
});
export type PackageArtifact = z.infer<typeof PackageArtifactSchema>;

export const ImageArtifactSchema = z.object({
  kind: z.literal('image'),
  id: z.string(),
  /** The reference the node looks for (what kubeadm lists / the CNI manifest names). */
  image: z.string(),
  sources: z.array(ArtifactSourceSchema).min(1),
  forVersions: z.array(z.string()),
  why: LocalizedTextSchema,
});
export type ImageArtifact = z.infer<typeof ImageArtifactSchema>;

export const FileArtifactSchema = z.object({
  kind: z.literal('file'),
  id: z.string(),
  /** Where it goes inside the bundle. */
  path: z.string(),
  sources: z.array(ArtifactSourceSchema).min(1),
  forVersions: z.array(z.string()),
  why: LocalizedTextSchema,
});
export type FileArtifact = z.infer<typeof FileArtifactSchema>;

export const ArtifactSchema = z.discriminatedUnion('kind', [
  PackageArtifactSchema,
  ImageArtifactSchema,
  FileArtifactSchema,
]);
export type Artifact = z.infer<typeof ArtifactSchema>;

/** One machine as the bundle sees it: from its collected facts (os-release, uname -m). */
export const BundleMachineSchema = z.object({
  nodeId: z.string(),
  role: z.enum(['control-plane', 'worker']),
  /** os-release ID and ID_LIKE (`ubuntu`, `rocky` + `rhel centos fedora`). */
  osId: z.string(),
  osIdLike: z.array(z.string()),
  /** os-release VERSION_ID (`22.04`, `9.4`). */
  osVersion: z.string(),
  /** `uname -m` (`x86_64`, `aarch64`). */
  arch: z.string(),
});
export type BundleMachine = z.infer<typeof BundleMachineSchema>;

export const BundleNeedsSchema = z.object({
  /** The plan's version, then every upgrade hop's target, in order. */
  versions: z.array(z.string()),
  artifacts: z.array(ArtifactSchema),
  /** What could not be listed (a machine's OS unknown, no repository for a version): by field. */
  errors: z.array(FieldErrorSchema),
  /** What the list leaves to the build or says about itself (EN/ZH). */
  notes: z.array(LocalizedTextSchema),
});
export type BundleNeeds = z.infer<typeof BundleNeedsSchema>;
