import type { ServiceEvent, ServiceEventMap, ServiceEventType } from '../../src/service/events.ts';

/** The data of an event a test expects to be of `type`; throws (failing the test) when it is another. */
export function dataOf<T extends ServiceEventType>(event: ServiceEvent, type: T): ServiceEventMap[T] {
  if (event.type !== type) throw new Error(`expected a ${type} event, got ${event.type}`);
  return event.data as ServiceEventMap[T];
}
