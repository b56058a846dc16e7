import type { EventName, EventPayload } from '../../common/contract';

export type EventListener = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

/** Fan-out of back-end events to every connected UI (a window, or each WebSocket client). */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    for (const listener of this.listeners) listener(name, payload);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
