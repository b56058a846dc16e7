/**
 * The one API between the UI and the back end (design §1). Both transports — Electron IPC and
 * the web host's WebSocket — validate every payload against these schemas before a service sees
 * it, and the renderer builds `window.kubelab` from the same map, so the faces cannot drift.
 *
 * Names are `namespace.method`; `buildApi` turns them into `kubelab.namespace.method(payload)`.
 * Later capabilities add entries here and nowhere else.
 */
import { z } from 'zod';
import { SettingsPatchSchema, SettingsSchema } from './model/settings';

const Empty = z.object({}).strict();

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

/** Request map: payload and result schema of every call the UI can make. */
export const requests = {
  'app.info': { payload: Empty, result: AppInfoSchema },
  'app.ping': {
    payload: z.object({ message: z.string().max(1000) }).strict(),
    result: z.object({ echoed: z.string() }),
  },
  'settings.get': { payload: Empty, result: SettingsSchema },
  'settings.set': { payload: SettingsPatchSchema, result: SettingsSchema },
} as const satisfies Record<string, { payload: z.ZodType; result: z.ZodType }>;

/** Event map: what the back end pushes to the UI, never the other way. */
export const events = {
  'app.log': LogEventSchema,
} as const satisfies Record<string, z.ZodType>;

export type Requests = typeof requests;
export type Events = typeof events;
export type RequestName = keyof Requests;
export type EventName = keyof Events;
export type Payload<K extends RequestName> = z.input<Requests[K]['payload']>;
export type ParsedPayload<K extends RequestName> = z.output<Requests[K]['payload']>;
export type Result<K extends RequestName> = z.output<Requests[K]['result']>;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

export const requestNames = Object.keys(requests) as RequestName[];
export const eventNames = Object.keys(events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** Electron IPC channel names, namespaced so the preload can refuse anything else. */
export const ipcRequestChannel = (name: RequestName): string => `kubelab:req:${name}`;
export const ipcEventChannel = (name: EventName): string => `kubelab:evt:${name}`;

/** The envelope every transport returns, so errors keep their code and field across IPC. */
export type Envelope<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      error: { code: string; message: string; nodeId?: string; stepId?: string; field?: string };
    };
