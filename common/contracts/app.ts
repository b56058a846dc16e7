import { z } from 'zod';
import { Empty } from './empty';

export const FACES = ['desktop', 'web', 'cli'] as const;

export const AppInfoSchema = z.object({
  name: z.literal('kubelab'),
  version: z.string(),
  platform: z.string(),
  arch: z.string(),
  face: z.enum(FACES),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const LogEventSchema = z.object({
  time: z.string(),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string(),
  nodeId: z.string().optional(),
});
export type LogEvent = z.infer<typeof LogEventSchema>;

/** The app itself: what it is and which face serves it. */
export const appRequests = {
  'app.info': { payload: Empty, result: AppInfoSchema },
  'app.ping': {
    payload: z.object({ message: z.string().max(1000) }).strict(),
    result: z.object({ echoed: z.string() }),
  },
} as const;

export const appEvents = {
  'app.log': LogEventSchema,
} as const;
