import type { QueueEmitted } from '../../machines/queue.ts';
import type { JobRecord } from '../../machines/types.ts';
import { type ServiceEvent, serviceEvent, unhandled } from './events.ts';
import type { JobView } from './types.ts';

/**
 * The service event for what the queue emitted, its JobRecord turned into the JobView every listener reads; null
 * for a refused command (it is the caller's error, thrown to the caller).
 */
export function queueToEvent(
  event: QueueEmitted,
  at: number,
  view: (job: JobRecord, id: string) => JobView,
): ServiceEvent | null {
  switch (event.type) {
    case 'command.refused':
      return null;
    case 'job.queued': {
      const { type, job, ...rest } = event;
      return serviceEvent(type, at, { ...rest, job: view(job, event.id) });
    }
    case 'job.started': {
      const { type, job, ...rest } = event;
      return serviceEvent(type, at, { ...rest, job: view(job, event.id) });
    }
    case 'job.paused': {
      const { type, job, ...rest } = event;
      return serviceEvent(type, at, { ...rest, job: view(job, event.id) });
    }
    case 'job.resumed': {
      const { type, job, ...rest } = event;
      return serviceEvent(type, at, { ...rest, job: view(job, event.id) });
    }
    case 'job.completed': {
      const { type, job, ...rest } = event;
      return serviceEvent(type, at, { ...rest, job: view(job, event.id) });
    }
    case 'job.failed': {
      const { type, job, ...rest } = event;
      return serviceEvent(type, at, { ...rest, job: view(job, event.id) });
    }
    case 'job.cancelled': {
      const { type, job, ...rest } = event;
      return serviceEvent(type, at, { ...rest, job: view(job, event.id) });
    }
    case 'job.retried': {
      const { type, job, ...rest } = event;
      return serviceEvent(type, at, { ...rest, job: view(job, event.id) });
    }
    case 'job.due': {
      const { type, job, ...rest } = event;
      return serviceEvent(type, at, { ...rest, job: view(job, event.id) });
    }
    case 'job.progress': {
      const { type, ...data } = event;
      return serviceEvent(type, at, data);
    }
    case 'job.phase': {
      const { type, ...data } = event;
      return serviceEvent(type, at, data);
    }
    case 'job.priority': {
      const { type, ...data } = event;
      return serviceEvent(type, at, data);
    }
    case 'job.moved': {
      const { type, ...data } = event;
      return serviceEvent(type, at, data);
    }
    case 'queue.restored': {
      const { type, ...data } = event;
      return serviceEvent(type, at, data);
    }
    case 'queue.cleared': {
      const { type, ...data } = event;
      return serviceEvent(type, at, data);
    }
    case 'queue.concurrency': {
      const { type, ...data } = event;
      return serviceEvent(type, at, data);
    }
    case 'queue.paused':
    case 'queue.resumed':
      return serviceEvent(event.type, at, {});
    default:
      return unhandled(event);
  }
}
