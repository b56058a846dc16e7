import { z } from 'zod';
import { AppErrorSchema } from '../model/appError';

/**
 * What a bundle push reports per node as it goes (`bundle.pushProgress`): the node's share and
 * what is on it already, each artifact sent (or found whole there), its bytes, and the node's end
 * once `sha256sum -c` on the node has checked every file against the manifest. The CLI prints
 * them; the Bundle page's Push panel shows them.
 */
export const PushEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('node'),
    nodeId: z.string(),
    state: z.enum(['checking', 'sending', 'verifying']),
    artifacts: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    /** Artifacts already whole on the node (an earlier push), not sent again. */
    present: z.number().int().nonnegative(),
  }),
  z.object({
    kind: z.literal('artifact'),
    nodeId: z.string(),
    id: z.string(),
    state: z.enum(['sending', 'sent']),
    /** Where the send started: above 0 when a partial on the node was continued. */
    resumedFrom: z.number().int().nonnegative(),
  }),
  z.object({
    kind: z.literal('progress'),
    nodeId: z.string(),
    id: z.string(),
    /** Bytes of the node's share on it so far (whole artifacts and this one's part). */
    done: z.number().nonnegative(),
    total: z.number().nonnegative(),
  }),
  z.object({
    kind: z.literal('node-done'),
    nodeId: z.string(),
    ok: z.boolean(),
    /** Files `sha256sum -c` found matching the manifest on the node. */
    verified: z.number().int().nonnegative(),
    error: AppErrorSchema.optional(),
  }),
]);
export type PushEvent = z.infer<typeof PushEventSchema>;

export const NodePushResultSchema = z.object({
  nodeId: z.string(),
  ok: z.boolean(),
  family: z.enum(['deb', 'rpm']),
  arch: z.string(),
  release: z.string(),
  artifacts: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** Bytes that crossed the wire (0 when everything was there already). */
  sentBytes: z.number().int().nonnegative(),
  /** Artifacts found whole on the node and not sent. */
  present: z.number().int().nonnegative(),
  /** Artifacts whose partial on the node was continued. */
  resumed: z.number().int().nonnegative(),
  verified: z.number().int().nonnegative(),
  /**
   * What the plan needs on this machine that the bundle does not hold (artifact ids,
   * common/bundle/offlineCoverage.ts): with no internet the install would stop there.
   */
  missing: z.array(z.string()),
  error: AppErrorSchema.optional(),
});
export type NodePushResult = z.infer<typeof NodePushResultSchema>;
