import { z } from 'zod';

/** Messages from the browser: one request per message, answered by id. */
export const ClientMessageSchema = z.object({
  id: z.number().int().nonnegative(),
  name: z.string().max(200),
  payload: z.unknown().optional(),
});
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** Largest message the server accepts; a terminal keystroke batch or a form is far smaller. */
export const MAX_CLIENT_MESSAGE_BYTES = 1024 * 1024;
