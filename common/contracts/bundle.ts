import { z } from 'zod';
import { BuildEventSchema } from '../bundle/buildEvents';
import { BundleManifestSchema } from '../bundle/manifest';
import { NodePushResultSchema, PushEventSchema } from '../bundle/pushEvents';
import { BundleMachineSchema, BundleNeedsSchema } from '../bundle/schema';

/**
 * The air-gapped bundle (issue 22 part 1). `bundle.inspect` reads a bundle file on the machine
 * running the back end (the desktop, or the web host's), lists it and verifies every entry's
 * SHA-256 against its manifest: a corrupted byte is named by the artifact it falls in.
 */
export const BundleInspectPayloadSchema = z.object({ path: z.string().min(1).max(4096) }).strict();

export const ENTRY_STATES = ['ok', 'corrupt', 'size-mismatch', 'missing'] as const;

export const BundleEntryCheckSchema = z.object({
  id: z.string(),
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  state: z.enum(ENTRY_STATES),
  /** What was found instead, for a state other than ok (`sha256 3f… , manifest says 9a…`). */
  detail: z.string().optional(),
});
export type BundleEntryCheck = z.infer<typeof BundleEntryCheckSchema>;

export const BundleInspectionSchema = z.object({
  manifest: BundleManifestSchema,
  /** The file's size on disk (tar headers and padding included). */
  fileBytes: z.number().int().nonnegative(),
  checks: z.array(BundleEntryCheckSchema),
  /** Files in the tar that the manifest does not list. */
  unlisted: z.array(z.string()),
  /** True when every entry is ok and nothing is unlisted. */
  ok: z.boolean(),
});
export type BundleInspection = z.infer<typeof BundleInspectionSchema>;

/**
 * `bundle.plan`: what a bundle for the open project's plan must hold on these machines (their
 * OS and architecture, from collected facts), and for every hop of an upgrade to `upgradeTo`.
 */
export const BundlePlanPayloadSchema = z
  .object({
    machines: z.array(BundleMachineSchema).max(1000),
    upgradeTo: z.string().min(1).max(32).optional(),
  })
  .strict();

/**
 * `bundle.build`: downloads what `bundle.plan` lists for these machines into one bundle file on
 * the back end's disk. `out` is an absolute path ending in `.tar` that does not exist yet: a build
 * never overwrites a file, whatever face names the path; a renderer or a web page may only name a
 * file in the project's bundles folder, `<project>.bundles/` (main/handlers/bundlePath.ts). Downloads are staged in `<out>.staging/`,
 * kept when the build is interrupted (`bundle.cancel`, a failure) so the next build of the same
 * `out` resumes, and removed once the bundle is written. Progress: `bundle.buildProgress`.
 */
export const BundleBuildPayloadSchema = z
  .object({
    out: z
      .string()
      .min(1)
      .max(4096)
      .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'an absolute path')
      .refine((p) => p.endsWith('.tar'), 'a file name ending in .tar'),
    machines: z.array(BundleMachineSchema).min(1).max(1000),
    upgradeTo: z.string().min(1).max(32).optional(),
    /** Registry hosts (`host[:port]`) reached over plain HTTP, like oras's `--plain-http`. */
    plainHttp: z
      .array(z.string().regex(/^[A-Za-z0-9.-]+(?::\d{1,5})?$/, 'a registry host[:port]'))
      .max(20)
      .optional(),
  })
  .strict();

export const BundleBuildResultSchema = z.object({
  manifest: BundleManifestSchema,
  /** What the repositories could not offer (named, with each repository's reason). */
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
  fileBytes: z.number().int().nonnegative(),
});
export type BundleBuildResult = z.infer<typeof BundleBuildResultSchema>;

/**
 * `bundle.list`: the open project's bundles folder and what is in it, so a page can name a bundle
 * by file name (a page may only write and read there, main/handlers/bundlePath.ts). `folder` is
 * unset for a project not saved yet; `staged` are builds interrupted with their downloads kept
 * (`<name>.staging/`), which building the same name again resumes.
 */
export const BundleFileSchema = z.object({
  name: z.string(),
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  modifiedAt: z.string(),
});
export type BundleFile = z.infer<typeof BundleFileSchema>;

export const BundleListSchema = z.object({
  folder: z.string().optional(),
  bundles: z.array(BundleFileSchema),
  staged: z.array(z.string()),
});
export type BundleList = z.infer<typeof BundleListSchema>;

/**
 * `bundle.push`: sends each machine its share of a bundle (its package family and architecture,
 * common/bundle/pushSelection.ts) into /var/lib/kubelab/bundle over SFTP — nodes in parallel
 * under one bandwidth cap, a file already whole on a node not sent again, a partial continued —
 * and has the node check every file with `sha256sum -c` against the manifest. A bundle built for
 * another Kubernetes version or without the node's OS release is refused before anything is
 * sent. Progress: `bundle.pushProgress`; `bundle.pushCancel` stops it, partials kept.
 */
export const BundlePushPayloadSchema = z
  .object({
    path: z.string().min(1).max(4096),
    machines: z.array(BundleMachineSchema).min(1).max(1000),
    /** Bytes per second for all nodes together. */
    bandwidthLimit: z.number().int().positive().optional(),
    /** Nodes receiving at the same time (default 10). */
    concurrency: z.number().int().min(1).max(100).optional(),
  })
  .strict();

export const BundlePushResultSchema = z.object({
  nodes: z.array(NodePushResultSchema),
  /** Every node verified its share, and the bundle holds all the plan needs on each. */
  ok: z.boolean(),
});
export type BundlePushResult = z.infer<typeof BundlePushResultSchema>;

export const bundleRequests = {
  'bundle.list': { payload: z.object({}).strict(), result: BundleListSchema },
  'bundle.plan': { payload: BundlePlanPayloadSchema, result: BundleNeedsSchema },
  'bundle.inspect': { payload: BundleInspectPayloadSchema, result: BundleInspectionSchema },
  'bundle.build': { payload: BundleBuildPayloadSchema, result: BundleBuildResultSchema },
  /** Stops the build in progress; its staged downloads are kept for a resume. */
  'bundle.cancel': {
    payload: z.object({}).strict(),
    result: z.object({ cancelled: z.boolean() }),
  },
  'bundle.push': { payload: BundlePushPayloadSchema, result: BundlePushResultSchema },
  /** Stops the push in progress; the nodes keep their partials for the next push. */
  'bundle.pushCancel': {
    payload: z.object({}).strict(),
    result: z.object({ cancelled: z.boolean() }),
  },
} as const;

export const bundleEvents = {
  'bundle.buildProgress': BuildEventSchema,
  'bundle.pushProgress': PushEventSchema,
} as const;
