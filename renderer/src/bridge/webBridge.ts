/**
 * The web face's `window.kubelab`: the same contract as the desktop preload, carried over a
 * WebSocket to `kubelab serve`. Requests are answered by id; events arrive unsolicited.
 * A dropped socket is reopened with backoff, and calls made meanwhile wait for it.
 */
import { buildApi, type KubelabApi } from '../../../common/api';
import type { Envelope, EventName } from '../../../common/contract';
import { AppError } from '../../../common/model/appError';
import { decodeTerminalFrame } from '../../../common/terminalFrame';
import { MAX_MESSAGE_BYTES } from '../../../common/wire';

function tooLarge(name: string, bytes: number): AppError {
  const mib = (n: number): string => (n / (1024 * 1024)).toFixed(1);
  return new AppError({
    code: 'payload_too_large',
    message: `${name}: the request is ${mib(bytes)} MiB; kubelab accepts at most ${mib(MAX_MESSAGE_BYTES)} MiB.`,
    field: 'payload',
  });
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

export function createWebBridge(location: Location): KubelabApi {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${encodeURIComponent(token)}`;
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: WebSocket | undefined;
  let opened: Promise<WebSocket> | undefined;
  let retryDelay = 250;

  function connect(): Promise<WebSocket> {
    opened ??= new Promise<WebSocket>((resolve) => {
      const ws = new WebSocket(wsUrl);
      // Terminal output comes as binary frames; an ArrayBuffer is read without a copy or await.
      ws.binaryType = 'arraybuffer';
      ws.addEventListener('open', () => {
        socket = ws;
        retryDelay = 250;
        resolve(ws);
      });
      ws.addEventListener('message', (event: MessageEvent<unknown>) =>
        event.data instanceof ArrayBuffer ? onFrame(event.data) : onMessage(String(event.data)),
      );
      ws.addEventListener('close', () => {
        socket = undefined;
        opened = undefined;
        for (const [id, p] of pending) {
          p.reject(
            new AppError({ code: 'disconnected', message: 'The connection to kubelab was lost.' }),
          );
          pending.delete(id);
        }
        setTimeout(() => void connect().then(resolve), retryDelay);
        retryDelay = Math.min(retryDelay * 2, 5000);
      });
    });
    return opened;
  }

  /** A binary frame: terminal output bytes for one session (anything else is dropped). */
  function onFrame(buffer: ArrayBuffer): void {
    const frame = decodeTerminalFrame(new Uint8Array(buffer));
    if (!frame) return;
    for (const listener of listeners.get('terminal.data') ?? []) listener(frame);
  }

  function onMessage(text: string): void {
    const msg = JSON.parse(text) as
      { id: number; envelope: Envelope<unknown> } | { event: EventName; payload: unknown };
    if ('event' in msg) {
      for (const listener of listeners.get(msg.event) ?? []) listener(msg.payload);
      return;
    }
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.envelope.ok) p.resolve(msg.envelope.value);
    else p.reject(new AppError(msg.envelope.error));
  }

  void connect();

  return buildApi({
    async invoke(name, payload) {
      const id = nextId++;
      const message = JSON.stringify({ id, name, payload });
      // The host closes a socket whose message is over its limit (1009), failing every call in
      // flight; a request that large is refused here instead, as a typed error for this call.
      const bytes = new TextEncoder().encode(message).length;
      if (bytes > MAX_MESSAGE_BYTES) throw tooLarge(name, bytes);
      const ws = socket ?? (await connect());
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ws.send(message);
      });
    },
    subscribe(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
  });
}
