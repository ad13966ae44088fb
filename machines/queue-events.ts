import type { DoneActorEvent, ErrorActorEvent } from 'xstate';
import type { JobActorRef, JobOutput, JobReport } from './job.ts';
import type { PersistentMap } from './persistent-map.ts';
import type { RetryPolicy } from './retry-rule.ts';
import type { JobErrorInfo, JobRecord, JobResult, JobSpec, JobStatus } from './types.ts';

/** One job as the queue sees it: a mirror of the job's last reported status plus the queue's own ordering data. */
export interface QueueEntry {
  id: string;
  ref: JobActorRef;
  /** identityKey(spec.source): an identity is queued at most once while pending, running or paused. */
  key: string;
  status: JobStatus;
  /**
   * Its transcode run is alive: running, or paused after it started (ffmpeg suspended), including the verification
   * and rename after its encode. Jobs that are live are waited for by a graceful stop.
   */
  live: boolean;
  /**
   * Occupies one of the `concurrency` slots. Concurrency limits ffmpeg encodes: a live job gives its slot back when
   * it reports `verifying` (or `finalizing`), so the next encode starts while its output is checked and renamed.
   */
  inSlot: boolean;
  priority: number;
  /** Position within a priority: lower goes first. A sequence, fractional after a MOVE between two jobs. */
  order: number;
  /** When it was added, as a sequence: the order views list jobs in. */
  added: number;
  /** Waiting to run again after a transient failure (pending, not dispatched before this time); else null. */
  retryAt: number | null;
}

export interface QueueContext {
  /**
   * Every unfinished job by id. A job leaves when its actor is done (after its final report, which the store
   * persists) or throws; finished jobs live in the store. Persistent, so each snapshot is a value of its own.
   */
  jobs: PersistentMap<QueueEntry>;
  /** identityKey → the last job added for that source; whether it still blocks a duplicate is read from `jobs`. */
  keys: PersistentMap<string>;
  /** Jobs holding a slot, kept in step with the entries' `inSlot` so a full queue dispatches without a scan. */
  inSlot: number;
  /** The pending jobs in dispatch order, kept sorted as entries change: dispatch takes from the front. */
  ready: readonly QueueEntry[];
  concurrency: number;
  /** The last `order` handed out; a new or retried job goes after everything already queued at its priority. */
  seq: number;
  /** Children are keyed by this counter: integer-like keys keep xstate's child map cheap to copy at 10k jobs. */
  spawned: number;
  retry: RetryPolicy;
  /** Set by STOP: how long `stopping` waits for live jobs before the queue stops anyway. */
  graceMs: number;
}

export interface QueueInput {
  /** Encodes at once, 1..64 (default 1); a job past its encode (verifying, renaming) holds no slot. */
  concurrency?: number;
  /** Handed to every job: which failures run again by themselves, how often and after how long. */
  retry?: RetryPolicy;
}

export const MIN_CONCURRENCY = 1;
// The HTTP API's documented range (PUT /queue/concurrency) and the config file's: one limit everywhere.
export const MAX_CONCURRENCY = 64;

export type MovePlace = 'top' | 'bottom' | 'before' | 'after';

/** One job handed back from the store at boot. */
export interface RestoredJob {
  spec: JobSpec;
  attempts: number;
  status: 'pending' | 'paused';
  /** Its persisted `order`, so MOVEs survive a restart. */
  order?: number;
  /** A job that was waiting for its automatic retry waits until this time (ms since epoch), showing `error`. */
  retryAt?: number | null;
  error?: JobErrorInfo | null;
}

/** What callers send. The service checks each with `checkCommand` first to answer 404/409 synchronously. */
export type QueueCommand =
  | {
      type: 'ADD';
      spec: JobSpec;
      attempts?: number;
      status?: 'pending' | 'paused';
      /** A restored job's persisted `order`, so MOVEs survive a restart. */
      order?: number;
      /** A restored job waiting for its automatic retry, and the failure it waits to retry. */
      retryAt?: number | null;
      error?: JobErrorInfo | null;
    }
  /**
   * Boot: every restored job at once. Each is checked like an ADD (a refused one is emitted as command.refused and
   * skipped); one pass spawns them all, because 10,000 ADDs would copy the queue's 10,000-entry structures 10,000
   * times.
   */
  | { type: 'RESTORE'; jobs: readonly RestoredJob[] }
  | { type: 'CANCEL'; id: string }
  /**
   * Runs a finished job again (a completed one only with `rerun`). Finished jobs live in the store, so `job` is the
   * job as stored; it comes back under its id with a fresh actor and the next attempt.
   */
  | { type: 'RETRY'; id: string; rerun?: boolean; job: JobRecord }
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  | { type: 'PAUSE_JOB'; id: string }
  | { type: 'RESUME_JOB'; id: string }
  | { type: 'CLEAR' }
  | { type: 'SET_CONCURRENCY'; value: number }
  | { type: 'SET_PRIORITY'; id: string; priority: number }
  | { type: 'MOVE'; id: string; to: MovePlace; ref?: string }
  /**
   * Graceful stop: dispatch nothing more, wait until no job's run is alive or `graceMs` has passed, then stop (a
   * final state: the runs still alive are stopped with the queue, and the service requeues them in the store).
   */
  | { type: 'STOP'; graceMs: number };

/** Everything the queue handles: commands, its jobs' reports, ends and errors, and its own dispatch request. */
export type QueueEvent =
  | QueueCommand
  | JobReport
  | DoneActorEvent<JobOutput>
  | ErrorActorEvent
  | { type: 'queue.dispatch' };

export type RefusalReason = 'not_found' | 'invalid_state' | 'duplicate' | 'invalid_value';

export type CommandCheck = { ok: true } | { ok: false; reason: RefusalReason; message: string };

/**
 * Every change, as the WebSocket layer streams it and the store persists it. Status changes carry the whole
 * JobRecord (`job`) so a listener never has to read an actor.
 */
export type QueueEmitted =
  | { type: 'job.queued'; id: string; status: JobStatus; order: number; job: JobRecord }
  | { type: 'job.started'; id: string; status: 'running'; job: JobRecord }
  // Progress and phase reach listeners exactly as the job reported them.
  | Extract<JobReport, { type: 'job.progress' | 'job.phase' | 'job.due' }>
  | { type: 'job.paused'; id: string; status: 'paused'; job: JobRecord }
  | { type: 'job.resumed'; id: string; status: 'pending' | 'running'; job: JobRecord }
  | { type: 'job.completed'; id: string; status: 'completed'; result: JobResult | null; job: JobRecord }
  | { type: 'job.failed'; id: string; status: 'failed'; error: JobErrorInfo | null; job: JobRecord }
  | { type: 'job.cancelled'; id: string; status: 'cancelled'; job: JobRecord }
  | { type: 'job.retried'; id: string; status: 'pending'; attempts: number; order: number; job: JobRecord }
  | { type: 'job.priority'; id: string; status: JobStatus; priority: number }
  | {
      type: 'job.moved';
      id: string;
      status: JobStatus;
      /** `renumbered`: a neighbour whose order changed because repeated moves ran out of room between two jobs. */
      to: MovePlace | 'renumbered';
      priority: number;
      order: number;
    }
  /** Jobs handed back at boot (RESTORE), in the order given; views take them from a snapshot. */
  | { type: 'queue.restored'; ids: string[] }
  | { type: 'queue.paused' }
  | { type: 'queue.resumed' }
  | { type: 'queue.cleared'; ids: string[] }
  | { type: 'queue.concurrency'; value: number; previous: number }
  | {
      type: 'command.refused';
      command: QueueCommand['type'];
      id: string | null;
      reason: RefusalReason;
      message: string;
    };
