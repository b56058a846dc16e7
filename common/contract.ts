/**
 * The one API between the UI and the back end (design §1). Both transports — Electron IPC and
 * the web host's WebSocket — validate every payload against these schemas before a service sees
 * it, and the renderer builds `window.kubelab` from the same map, so the faces cannot drift.
 *
 * Names are `namespace.method`; `buildApi` turns them into `kubelab.namespace.method(payload)`.
 * Later capabilities add entries here and nowhere else.
 */
import type { z } from 'zod';
import { appEvents, appRequests } from './contracts/app';
import { settingsRequests } from './contracts/settings';
import { nodesEvents, nodesRequests } from './contracts/nodes';
import { terminalEvents, terminalRequests } from './contracts/terminals';
import { diagnosisRequests } from './contracts/diagnosis';
import { installEvents, installRequests } from './contracts/install';
import { planRequests } from './contracts/plan';
import { catalogRequests } from './contracts/catalog';
import { projectRequests } from './contracts/project';
import { preflightRequests } from './contracts/preflight';
import { verifyRequests } from './contracts/verify';
import { reportRequests } from './contracts/report';
import { labRequests } from './contracts/lab';
import { upgradeRequests } from './contracts/upgrade';
import { certsRequests } from './contracts/certs';
import { tokensRequests } from './contracts/tokens';
import { etcdEvents, etcdRequests } from './contracts/etcd';
import { clusterRequests } from './contracts/cluster';
import { exportRequests } from './contracts/export';
import { runRequests } from './contracts/run';
import { runsRequests } from './contracts/runs';
import { supportRequests } from './contracts/support';
import { bundleEvents, bundleRequests } from './contracts/bundle';

export { AppInfoSchema, FACES, LogEventSchema } from './contracts/app';
export type { AppInfo, LogEvent } from './contracts/app';

type RequestMap = Record<string, { payload: z.ZodType; result: z.ZodType }>;

/**
 * Request map: payload and result schema of every call the UI can make. Each domain keeps its
 * entries in `contracts/<domain>.ts`; this is the one place they are put together.
 */
export const requests = {
  ...appRequests,
  ...settingsRequests,
  ...nodesRequests,
  ...terminalRequests,
  ...installRequests,
  ...planRequests,
  ...catalogRequests,
  ...projectRequests,
  ...diagnosisRequests,
  ...preflightRequests,
  ...verifyRequests,
  ...reportRequests,
  ...labRequests,
  ...upgradeRequests,
  ...certsRequests,
  ...tokensRequests,
  ...etcdRequests,
  ...clusterRequests,
  ...exportRequests,
  ...runRequests,
  ...runsRequests,
  ...supportRequests,
  ...bundleRequests,
} as const satisfies RequestMap;

/** Event map: what the back end pushes to the UI, never the other way. */
export const events = {
  ...appEvents,
  ...nodesEvents,
  ...terminalEvents,
  ...installEvents,
  ...etcdEvents,
  ...bundleEvents,
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
