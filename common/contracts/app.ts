import { z } from 'zod';
import { SettingsPatchSchema, SettingsSchema } from '../model/settings';
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

/** The app itself and the user's settings. */
export const appRequests = {
  'app.info': { payload: Empty, result: AppInfoSchema },
  'app.ping': {
    payload: z.object({ message: z.string().max(1000) }).strict(),
    result: z.object({ echoed: z.string() }),
  },
  'settings.get': { payload: Empty, result: SettingsSchema },
  'settings.set': { payload: SettingsPatchSchema, result: SettingsSchema },
} as const;

export const appEvents = {
  'app.log': LogEventSchema,
} as const;
