import { z } from 'zod';

/** The payload of a call that takes no arguments: an empty object, nothing else. */
export const Empty = z.object({}).strict();
