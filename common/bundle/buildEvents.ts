import { z } from 'zod';

/**
 * What a bundle build reports as it goes (`bundle.buildProgress`): the sizes known before any
 * download, each artifact's start (or reuse from an interrupted build), its bytes with speed and
 * ETA, its end with the sources that failed before the one that worked, and the written file's
 * size after. The CLI prints them; the UI shows them.
 */
const SourceSchema = z.object({ profile: z.string(), location: z.string() });

export const BuildEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('resolved'),
    artifacts: z.number().int().nonnegative(),
    /** Packages' sizes from their indexes plus images' from their manifests. */
    knownBytes: z.number().int().nonnegative(),
    /** Artifacts whose size is known only once downloaded (files; images no mirror sized). */
    unsized: z.number().int().nonnegative(),
    skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
  }),
  z.object({
    kind: z.literal('artifact'),
    id: z.string(),
    state: z.enum(['downloading', 'reused']),
    /** 1-based position among all artifacts, and their count. */
    index: z.number().int().positive(),
    of: z.number().int().positive(),
  }),
  z.object({
    kind: z.literal('progress'),
    id: z.string(),
    url: z.string(),
    bytes: z.number().nonnegative(),
    total: z.number().nonnegative().optional(),
    /** Bytes per second over this attempt. */
    speed: z.number().nonnegative(),
    etaSeconds: z.number().nonnegative().optional(),
  }),
  z.object({
    kind: z.literal('done'),
    id: z.string(),
    bytes: z.number().int().nonnegative(),
    source: SourceSchema,
    /** Each mirror tried before `source` and why it failed (a checksum mismatch names both). */
    failures: z.array(z.object({ source: SourceSchema, error: z.string() })),
  }),
  z.object({
    kind: z.literal('written'),
    path: z.string(),
    fileBytes: z.number().int().nonnegative(),
    contentBytes: z.number().int().nonnegative(),
  }),
]);
export type BuildEvent = z.infer<typeof BuildEventSchema>;
