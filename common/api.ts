/**
 * Builds the typed `window.kubelab` object from the contract. Both the Electron preload and the
 * web bridge call this with their own transport, which is why the renderer cannot tell them apart.
 * One function per contract entry; there is no generic `invoke(name)` on the object.
 */
import {
  eventNames,
  requestNames,
  type EventName,
  type EventPayload,
  type Payload,
  type RequestName,
  type Result,
} from './contract';

export type Unsubscribe = () => void;

type Namespace<N extends string> = N extends `${infer A}.${string}` ? A : never;
type Method<N extends string, NS extends string> = N extends `${NS}.${infer M}` ? M : never;

/** A call whose payload may be omitted when every field of it is optional. */
type RequestFn<N> = N extends RequestName
  ? Record<never, never> extends Payload<N>
    ? (payload?: Payload<N>) => Promise<Result<N>>
    : (payload: Payload<N>) => Promise<Result<N>>
  : never;

type EventFn<N> = N extends EventName
  ? (listener: (payload: EventPayload<N>) => void) => Unsubscribe
  : never;

export type RequestApi = {
  [NS in Namespace<RequestName>]: { [M in Method<RequestName, NS>]: RequestFn<`${NS}.${M}`> };
};

export type EventApi = {
  [NS in Namespace<EventName>]: { [M in Method<EventName, NS>]: EventFn<`${NS}.${M}`> };
};

export type KubelabApi = RequestApi & { readonly events: EventApi };

export interface Transport {
  invoke(name: RequestName, payload: unknown): Promise<unknown>;
  subscribe(name: EventName, listener: (payload: unknown) => void): Unsubscribe;
}

function splitName(name: string): [string, string] {
  const dot = name.indexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}

/** Assembles the nested API object; each leaf closes over one contract name. */
export function buildApi(transport: Transport): KubelabApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const name of requestNames) {
    const [ns, method] = splitName(name);
    api[ns] ??= {};
    api[ns][method] = (payload: unknown = {}) => transport.invoke(name, payload);
  }
  const eventApi: Record<string, Record<string, unknown>> = {};
  for (const name of eventNames) {
    const [ns, method] = splitName(name);
    eventApi[ns] ??= {};
    eventApi[ns][method] = (listener: (payload: unknown) => void) =>
      transport.subscribe(name, listener);
  }
  return Object.freeze({ ...api, events: eventApi }) as unknown as KubelabApi;
}
