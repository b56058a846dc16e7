import { z } from 'zod';
import { MAX_MESSAGE_BYTES } from '../../common/wire';

/** Messages from the browser: one request per message, answered by id. */
export const ClientMessageSchema = z.object({
  id: z.number().int().nonnegative(),
  name: z.string().max(200),
  payload: z.unknown().optional(),
});
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/**
 * Largest message the server accepts: the contract's largest text (a pasted log) plus its
 * envelope, both in bytes (common/wire.ts); limits.test.ts holds every contract limit to it.
 */
export const MAX_CLIENT_MESSAGE_BYTES = MAX_MESSAGE_BYTES;
