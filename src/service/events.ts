import type { MovePlace } from '../../machines/queue-events.ts';
import type {
  JobErrorInfo,
  JobProgress,
  JobResult,
  JobStatus,
  TranscodePhase,
} from '../../machines/types.ts';
import type { WorkerView } from '../cluster/worker-registry.ts';
import type { JobView } from './types.ts';

/** A job the operator is told about by a stop: its id and source file. */
export interface StopJob {
  id: string;
  source: string;
}

/** A job's status change: its id, new status and the whole view, so no listener has to ask the service. */
interface JobChange<S extends JobStatus = JobStatus> {
  id: string;
  status: S;
  job: JobView;
}

/**
 * Every event the service streams (WebSocket, CLI, logs, metrics, webhooks), by type. Adding a type here makes every
 * consumer with an exhaustive switch fail to compile until it decides what to do with it.
 */
export interface ServiceEventMap {
  /** The watcher saw a candidate file; it now waits for the file to settle. */
  'file.detected': { path: string; size: number };
  /** A watched file will not become a job: `ignored` = not for us (no rule, output refused), `rejected` = unusable. */
  'file.ignored': { path: string; reason: string; message: string; outcome: 'ignored' | 'rejected' };
  'job.queued': JobChange & { order: number };
  'job.started': JobChange<'running'>;
  'job.progress': { id: string; status: JobStatus; progress: JobProgress };
  'job.phase': {
    id: string;
    status: JobStatus;
    phase: TranscodePhase;
    tempPath: string | null;
    ffmpegArgs: string[] | null;
  };
  'job.paused': JobChange<'paused'>;
  'job.resumed': JobChange<'pending' | 'running'>;
  'job.completed': JobChange<'completed'> & { result: JobResult | null };
  'job.failed': JobChange<'failed'> & { error: JobErrorInfo | null };
  'job.cancelled': JobChange<'cancelled'>;
  /** `order` is absent when a finished job came back from the store (it goes after everything queued). */
  'job.retried': JobChange<'pending'> & { attempts: number; order?: number };
  /** A job that waited for its automatic retry (`retryAt`) may run again now. */
  'job.due': JobChange<'pending'>;
  'job.priority': { id: string; status: JobStatus; priority: number };
  'job.moved': {
    id: string;
    status: JobStatus;
    /** `renumbered`: a neighbour whose order changed because repeated moves ran out of room between two jobs. */
    to: MovePlace | 'renumbered';
    priority: number;
    order: number;
  };
  /** Cluster mode: a job's encode stopped on a worker that was lost or stopped; it runs again on another. */
  'job.interrupted': { id: string; reason: string; bullId: string };
  'queue.restored': { ids: string[] };
  'queue.paused': Record<string, never>;
  'queue.resumed': Record<string, never>;
  'queue.cleared': { ids: string[] };
  'queue.concurrency': { value: number; previous: number };
  /** The running config changed: from the config file (watcher) or an edit through the API. */
  'config.updated': { file: string; watch: string[] };
  /** The config file changed but does not validate; the running config stays. `message` lists the issues. */
  'config.rejected': { file: string; message: string };
  /** Trouble that stops no job: the store, a dead queue, the watcher. `event` names the event being handled. */
  'service.error': { message: string; event?: string };
  /** Cluster mode: a worker joined, left (said goodbye) or was lost (no heartbeat). */
  'worker.joined': { worker: WorkerView };
  'worker.left': { worker: WorkerView };
  'worker.lost': { worker: WorkerView };
  /** A graceful stop waits for these jobs, `secondsLeft` at most. */
  'service.stopping': { jobs: StopJob[]; secondsLeft: number };
  /** A stop interrupted these jobs; they run again at the next start. */
  'service.requeued': { jobs: StopJob[] };
}

export type ServiceEventType = keyof ServiceEventMap;

/** One service event: `type` names it, `data` is typed by it, `at` is when it happened (ms since the epoch). */
export type ServiceEvent = {
  [T in ServiceEventType]: { type: T; at: number; data: ServiceEventMap[T] };
}[ServiceEventType];

export type ServiceEventOf<T extends ServiceEventType> = Extract<ServiceEvent, { type: T }>;

/** Publishes one event: the data must be the shape its type names. */
export type PublishEvent = <T extends ServiceEventType>(type: T, data: ServiceEventMap[T]) => void;

export type ServiceListener = (event: ServiceEvent) => void;

/** Builds an event; the one place the type/data pairing is asserted, since TypeScript cannot correlate the two. */
export function serviceEvent<T extends ServiceEventType>(
  type: T,
  at: number,
  data: ServiceEventMap[T],
): ServiceEventOf<T> {
  return { type, at, data } as ServiceEventOf<T>;
}

/** The job an event is about, or null for file, queue, config and service events. */
export function jobIdOf(event: ServiceEvent): string | null {
  switch (event.type) {
    case 'job.queued':
    case 'job.started':
    case 'job.progress':
    case 'job.phase':
    case 'job.paused':
    case 'job.resumed':
    case 'job.completed':
    case 'job.failed':
    case 'job.cancelled':
    case 'job.retried':
    case 'job.priority':
    case 'job.moved':
    case 'job.interrupted':
    case 'job.due':
      return event.data.id;
    case 'file.detected':
    case 'file.ignored':
    case 'queue.restored':
    case 'queue.paused':
    case 'queue.resumed':
    case 'queue.cleared':
    case 'queue.concurrency':
    case 'config.updated':
    case 'config.rejected':
    case 'service.error':
    case 'service.stopping':
    case 'service.requeued':
    case 'worker.joined':
    case 'worker.left':
    case 'worker.lost':
      return null;
    default:
      return unhandled(event);
  }
}

/** The `default` of an exhaustive switch over events: a type no case handles fails to compile here. */
export function unhandled(event: never): never {
  throw new Error(`unhandled service event ${JSON.stringify(event)}`);
}
