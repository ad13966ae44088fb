import {
  type AnyActorRef,
  type CallbackActorLogic,
  fromCallback,
  type GuardPredicate,
  stateIn,
} from 'xstate';
import type { RetryPolicy } from './retry-rule.ts';
import {
  JOB_STATUSES,
  type JobErrorInfo,
  type JobProgress,
  type JobRecord,
  type JobResult,
  type JobSpec,
  type JobStatus,
  type TranscodeCommand,
  type TranscodeInput,
  type TranscodePhase,
  type TranscodeReport,
} from './types.ts';

/** The job machine's shapes and the pure functions its actions use; the chart itself is in job.ts. */
export interface JobInput {
  spec: JobSpec;
  /** The number of this attempt, counting from 1; an automatic retry adds one, an operator's RETRY starts the next. */
  attempts?: number;
  /** Restored jobs come back pending or paused; paused means held (no ffmpeg ran in this process). */
  status?: 'pending' | 'paused';
  /** A restored job that was waiting for an automatic retry runs again at this time (ms since epoch)… */
  retryAt?: number | null;
  /** …and still shows the failure it waits to retry. */
  error?: JobErrorInfo | null;
  /** When a failure is retried by itself; default DEFAULT_RETRY_POLICY (machines/retry-rule.ts). */
  retry?: RetryPolicy;
  /** Who hears the job's reports besides its own listeners: the queue that spawned it (none when it runs alone). */
  parent?: AnyActorRef;
}

/** What a finished job's actor is done with (the `output` of its done event): its parent drops it by this id. */
export interface JobOutput {
  id: string;
}

/** What a job accepts. A finished job accepts nothing: it is a final state, and a retry is a new actor. */
export type JobEvent =
  | { type: 'START' }
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  | { type: 'CANCEL' }
  | { type: 'SET_PRIORITY'; priority: number }
  | TranscodeReport;

/**
 * What a job tells its parent (the queue) and its own listeners: every status change, phase and progress. A status
 * report says where the job is, not where it came from: the queue knows that from its own entry.
 */
export type JobReport =
  | { type: 'job.status'; id: string; status: JobStatus; inSlot: boolean; job: JobRecord }
  /** A job's retry wait is over: it waits for a slot like any pending job. */
  | { type: 'job.due'; id: string; status: 'pending'; job: JobRecord }
  | { type: 'job.progress'; id: string; status: JobStatus; progress: JobProgress }
  | {
      type: 'job.phase';
      id: string;
      status: JobStatus;
      phase: TranscodePhase;
      tempPath: string | null;
      ffmpegArgs: string[] | null;
    };

/**
 * The job's data. Its status is not here: the state it is in says it (each state is tagged with its status, see
 * `statusOf`), and its clock is the machine's (`createJobMachine(now)`), so a snapshot is plain data.
 */
export interface JobContext {
  spec: JobSpec;
  priority: number;
  attempts: number;
  progress: JobProgress | null;
  phase: TranscodePhase | null;
  tempPath: string | null;
  ffmpegArgs: string[] | null;
  error: JobErrorInfo | null;
  result: JobResult | null;
  startedAt: number | null;
  finishedAt: number | null;
  updatedAt: number;
  /** Set while the job waits to run again after a transient failure (state `waiting`). */
  retryAt: number | null;
  retry: RetryPolicy;
  parent: AnyActorRef | null;
}

/** Where a machine reads the time: ms since epoch. The service passes its clock, a test a fixed one. */
export type Clock = () => number;

export type TranscodeLogic = CallbackActorLogic<TranscodeCommand, TranscodeInput>;

/** The job's status from its state: the one status tag its state carries (a job is always in exactly one). */
export function statusOf(snapshot: { hasTag: (tag: JobStatus) => boolean }): JobStatus {
  return JOB_STATUSES.find((status) => snapshot.hasTag(status)) ?? 'pending';
}

/** The job as stored and as views see it, from its data and the status its state says. */
export function recordOf(context: JobContext, status: JobStatus): JobRecord {
  return {
    ...context.spec,
    priority: context.priority,
    status,
    attempts: context.attempts,
    progress: context.progress,
    error: context.error,
    result: context.result,
    startedAt: context.startedAt,
    finishedAt: context.finishedAt,
    updatedAt: context.updatedAt,
    retryAt: context.retryAt,
  };
}

/** A thrown BvpError keeps its code (checked by shape: machines import nothing from src); anything else is internal. */
export function errorInfoOf(error: unknown): JobErrorInfo {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Partial<Record<string, unknown>>;
  return {
    code: e.name === 'BvpError' && typeof e.code === 'string' ? e.code : 'internal',
    message: typeof e.message === 'string' ? e.message : String(error),
    stderrTail: Array.isArray(e.stderrTail) ? e.stderrTail.map(String) : [],
  };
}

interface Teller {
  emit: (report: JobReport) => void;
  sendTo: (to: AnyActorRef, report: JobReport) => void;
}

/** Tells the job's own listeners and the parent it was given (a job also runs alone, without one). */
export function tell(enqueue: Teller, context: Pick<JobContext, 'parent'>, report: JobReport): void {
  enqueue.emit(report);
  if (context.parent) enqueue.sendTo(context.parent, report);
}

// A transcode actor must report done or failed; one that just ends has lost the result.
export const NO_RESULT: JobErrorInfo = {
  code: 'internal',
  message: 'transcode ended without a result',
  stderrTail: [],
};

/** A run's own fields, empty: what a job starts (and runs again) with. */
export const CLEAN_RUN = {
  progress: null,
  phase: null,
  tempPath: null,
  ffmpegArgs: null,
  error: null,
  result: null,
};

/**
 * The input a job was created with, read from the event that creates it (XState's `xstate.init` carries the input);
 * undefined for any later event. The chart's `restoring` state picks the job's first state from it.
 */
export function creationInputOf(event: { type: string }): JobInput | undefined {
  return event.type === 'xstate.init' ? (event as { input?: JobInput }).input : undefined;
}

/* Pieces of the chart in job.ts, kept here so the chart reads as one. */

// The machine is complete without src/: a job run without a real actor fails visibly instead of hanging.
export const transcodeNotProvided: TranscodeLogic = fromCallback<TranscodeCommand, TranscodeInput>(() => {
  throw new Error('no transcode actor was provided to the job machine');
});

export const setPriority = {
  actions: {
    type: 'setPriority',
    params: ({ event }: { event: { priority: number } }) => ({ priority: event.priority }),
  },
} as const;

// The run is paused (ffmpeg suspended): the status a phase or progress report of the run carries. Typed by hand:
// `stateIn` types its guard set as `any`, which an action's `check` refuses.
export const suspended = stateIn({ active: 'paused' }) as GuardPredicate<
  JobContext,
  JobEvent,
  undefined,
  never
>;

/** The chart's `reportStatus` action for `status`; `inSlot` while the job's run is alive (running or paused). */
export const reportAs = (status: JobStatus, inSlot = false) =>
  ({ type: 'reportStatus', params: { status, inSlot } }) as const;
