import type { EventName, EventPayload } from '../../common/contract';
import type { RunEvent } from '../../common/model/runEvent';
import type { EventListener } from './eventBus';

/** A face's event listener with run events batched, and what drops a batch not yet sent. */
export interface BatchedListener {
  listener: EventListener;
  /** The face went away: a pending batch is dropped, nothing is sent after this. */
  stop(): void;
}

/**
 * Wraps a face's listener (a WebSocket, a window's IPC) so that every `install.event` of one
 * tick reaches it as one `install.progress { events }`, in order, sent once the tick's work is
 * done (setImmediate). Any other event first sends the batch pending before it, so a face sees
 * every event in the order the bus emitted them. A 100-machine run emits thousands of
 * transitions; one message each (JSON + a send or an IPC message) was the faces' cost (issue 15).
 */
export function batchRunProgress(send: EventListener): BatchedListener {
  let pending: RunEvent[] = [];
  let timer: ReturnType<typeof setImmediate> | undefined;
  let stopped = false;
  const flush = (): void => {
    if (timer) clearImmediate(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const events = pending;
    pending = [];
    send('install.progress', { events });
  };
  const listener = <K extends EventName>(name: K, payload: EventPayload<K>): void => {
    if (stopped) return;
    if (name === 'install.event') {
      pending.push(payload as RunEvent);
      timer ??= setImmediate(flush);
      return;
    }
    flush();
    send(name, payload);
  };
  return {
    listener,
    stop: () => {
      stopped = true;
      if (timer) clearImmediate(timer);
      timer = undefined;
      pending = [];
    },
  };
}
