import { type PublishEvent, type ServiceEvent, type ServiceListener, serviceEvent } from './events.ts';

export interface EventBus {
  emit(event: ServiceEvent): void;
  publish: PublishEvent;
  subscribe(listener: ServiceListener): () => void;
}

/**
 * The service's event sink: every listener hears every event, in subscription order, the `sink` first (it is there
 * from the start, so it hears boot's events too). A listener that throws never stops the queue or the others.
 */
export function createEventBus(now: () => number, sink?: ServiceListener): EventBus {
  const listeners = new Set<ServiceListener>(sink ? [sink] : []);
  const emit = (event: ServiceEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A broken subscriber must not stop the queue or the other subscribers.
      }
    }
  };
  return {
    emit,
    publish: (type, data) => emit(serviceEvent(type, now(), data)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
