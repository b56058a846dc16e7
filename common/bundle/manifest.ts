import { z } from 'zod';
import { CNI_PLUGINS } from '../catalog/cni';
import { RUNTIMES } from '../catalog/kubernetesVersions';

/**
 * The bundle's manifest.json, the tar's first entry: what is inside, each file's size and
 * SHA-256, the versions and the plan it was built for — so inspect can verify a bundle, and push
 * (next) can refuse one built for another version or OS, by reading one small entry.
 */
export const BUNDLE_FORMAT = 'kubelab-bundle/1';
export const MANIFEST_NAME = 'manifest.json';

/** A relative path inside the bundle: no leading `/`, no `..`, no backslash. */
const BundlePathSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(
    /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._+:@/-]+$/,
    'a relative path inside the bundle',
  );

export const BundleEntrySchema = z.object({
  /** The artifact id of common/bundle/needs.ts (`deb/amd64/kubeadm@1.18.2`). */
  id: z.string().min(1),
  kind: z.enum(['package', 'image', 'file']),
  path: BundlePathSchema,
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Package: the exact version resolved from the index; image: the reference; file: unset. */
  version: z.string().optional(),
  /** Where it was downloaded from. */
  source: z.object({ profile: z.string(), location: z.string() }).optional(),
  forVersions: z.array(z.string()),
});
export type BundleEntry = z.infer<typeof BundleEntrySchema>;

export const BundleManifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  createdAt: z.string(),
  plan: z.object({
    clusterName: z.string(),
    kubernetesVersion: z.string(),
    runtime: z.enum(RUNTIMES),
    cni: z.enum(CNI_PLUGINS),
    mirrorProfile: z.string(),
  }),
  /** The plan's version and every upgrade hop's. */
  versions: z.array(z.string()).min(1),
  /** The OS releases it holds packages for (`deb amd64 ubuntu-jammy`, `rpm x86_64 el9`). */
  machines: z.array(
    z.object({ family: z.enum(['deb', 'rpm']), arch: z.string(), release: z.string() }),
  ),
  entries: z.array(BundleEntrySchema),
});
export type BundleManifest = z.infer<typeof BundleManifestSchema>;

/** The sum of the entries' sizes (the manifest and tar headers not counted). */
export function contentBytes(m: BundleManifest): number {
  return m.entries.reduce((sum, e) => sum + e.bytes, 0);
}
