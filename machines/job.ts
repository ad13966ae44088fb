import { type ActorRefFrom, enqueueActions, fromCallback, type SnapshotFrom, setup } from 'xstate';
import {
  CLEAN_RUN,
  errorInfoOf,
  type JobContext,
  type JobEvent,
  type JobInput,
  type JobOutput,
  type JobReport,
  NO_RESULT,
  recordOf,
  type TranscodeLogic,
  tell,
} from './job-model.ts';
import { DEFAULT_RETRY_POLICY, isTransient, mayRunAgain, retryDelayMs } from './retry-rule.ts';
import type {
  JobErrorInfo,
  JobProgress,
  JobRecord,
  JobResult,
  JobStatus,
  TranscodeCommand,
  TranscodeInput,
  TranscodeReport,
} from './types.ts';

export type { JobContext, JobEvent, JobInput, JobOutput, JobReport, TranscodeLogic } from './job-model.ts';

// The machine is complete without src/: a job run without a real actor fails visibly instead of hanging.
const transcodeNotProvided: TranscodeLogic = fromCallback<TranscodeCommand, TranscodeInput>(() => {
  throw new Error('no transcode actor was provided to the job machine');
});

const setPriority = {
  actions: {
    type: 'setPriority',
    params: ({ event }: { event: { priority: number } }) => ({ priority: event.priority }),
  },
} as const;

/**
 * One transcode job. `active` wraps `running` and `paused` so the invoked transcode actor (ffmpeg) lives across a
 * pause — PAUSE suspends it, only leaving `active` (cancel, done, failure) stops it. `held` is a pause before the
 * job ever ran (a restored paused job, or a pending job the operator held): it is not dispatched until RESUME.
 * `completed`, `failed` and `cancelled` are final: a job runs again only as a new actor, brought back from the store.
 */
export const jobMachine = setup({
  types: {
    context: {} as JobContext,
    events: {} as JobEvent,
    input: {} as JobInput,
    emitted: {} as JobReport,
  },
  actors: { transcode: transcodeNotProvided },
  guards: {
    startsHeld: ({ context }) => context.status === 'paused',
    waitsForRetry: ({ context }) => context.retryAt !== null,
    /** The retry rule (machines/retry-rule.ts): a transient failure, and runs left. `attempts` is this run's number. */
    mayRetry: ({ context }, params: { error: JobErrorInfo }) =>
      isTransient(params.error) && mayRunAgain(context.attempts, context.retry.maxAttempts),
  },
  delays: {
    /** Until `retryAt`, on this job's clock (zero when a restart finds it already past). */
    retryBackoff: ({ context }) => Math.max(0, (context.retryAt ?? 0) - context.now()),
  },
  actions: {
    /** Records the new status and reports it — only when it changed, so restoring a job reports nothing. */
    enterStatus: enqueueActions(({ context, enqueue }, params: { status: JobStatus; inSlot: boolean }) => {
      if (context.status === params.status) return;
      const updatedAt = context.now();
      enqueue.assign({ status: params.status, updatedAt });
      const job = recordOf({ ...context, status: params.status, updatedAt });
      const { id } = context.spec;
      tell(enqueue, context, { type: 'job.status', id, previous: context.status, ...params, job });
    }),
    markStarted: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ ...CLEAN_RUN, startedAt: context.now(), finishedAt: null });
    }),
    markFinished: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ finishedAt: context.now() });
    }),
    setPhase: enqueueActions(
      ({ context, enqueue }, params: Extract<TranscodeReport, { type: 'transcode.phase' }>) => {
        const { phase } = params;
        const tempPath = params.tempPath ?? context.tempPath;
        const ffmpegArgs = params.ffmpegArgs ?? context.ffmpegArgs;
        enqueue.assign({ phase, tempPath, ffmpegArgs, updatedAt: context.now() });
        const { id } = context.spec;
        tell(enqueue, context, {
          type: 'job.phase',
          id,
          status: context.status,
          phase,
          tempPath,
          ffmpegArgs,
        });
      },
    ),
    setProgress: enqueueActions(({ context, enqueue }, params: { progress: JobProgress }) => {
      enqueue.assign({ progress: params.progress, updatedAt: context.now() });
      const { id } = context.spec;
      tell(enqueue, context, { type: 'job.progress', id, status: context.status, ...params });
    }),
    setResult: enqueueActions(({ enqueue }, params: { result: JobResult }) => {
      enqueue.assign({ result: params.result });
    }),
    setError: enqueueActions(({ enqueue }, params: { error: JobErrorInfo }) => {
      enqueue.assign({ error: params.error });
    }),
    setPriority: enqueueActions(({ context, enqueue }, params: { priority: number }) => {
      enqueue.assign({ priority: params.priority, updatedAt: context.now() });
    }),
    /** After a transient failure: the next attempt's number and when it runs; the failure stays on show. */
    scheduleRetry: enqueueActions(({ context, enqueue }, params: { error: JobErrorInfo }) => {
      const retryAt = context.now() + retryDelayMs(context.retry, context.attempts);
      enqueue.assign({
        ...CLEAN_RUN,
        error: params.error,
        attempts: context.attempts + 1,
        retryAt,
        startedAt: null,
        finishedAt: null,
      });
    }),
    /** The retry wait is over (or a pause or cancel ended it). */
    clearRetry: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ retryAt: null, updatedAt: context.now() });
    }),
    reportDue: enqueueActions(({ context, enqueue }) => {
      const { id } = context.spec;
      tell(enqueue, context, { type: 'job.due', id, status: 'pending', job: recordOf(context) });
    }),
    suspendTranscode: enqueueActions(({ enqueue }) => {
      enqueue.sendTo('transcode', { type: 'SUSPEND' } satisfies TranscodeCommand);
    }),
    continueTranscode: enqueueActions(({ enqueue }) => {
      enqueue.sendTo('transcode', { type: 'CONTINUE' } satisfies TranscodeCommand);
    }),
  },
}).createMachine({
  id: 'job',
  context: ({ input }) => {
    const now = input.now ?? Date.now;
    return {
      ...CLEAN_RUN,
      error: input.retryAt == null ? null : (input.error ?? null),
      spec: input.spec,
      priority: input.spec.priority,
      attempts: input.attempts ?? 1,
      status: input.status ?? 'pending',
      startedAt: null,
      finishedAt: null,
      updatedAt: now(),
      retryAt: input.retryAt ?? null,
      retry: input.retry ?? DEFAULT_RETRY_POLICY,
      parent: input.parent ?? null,
      now,
    };
  },
  initial: 'restoring',
  states: {
    // Transient: picks pending or held from the input, so a restored paused job never starts by itself.
    restoring: {
      always: [
        { guard: 'startsHeld', target: 'held' },
        { guard: 'waitsForRetry', target: 'waiting' },
        { target: 'pending' },
      ],
    },
    pending: {
      entry: { type: 'enterStatus', params: { status: 'pending', inSlot: false } },
      on: {
        START: 'active',
        PAUSE: 'held',
        SET_PRIORITY: setPriority,
        CANCEL: { target: 'cancelled', actions: 'markFinished' },
      },
    },
    // Pending, but not before `retryAt`: a transient failure (full disk, stall) waits here to run again.
    waiting: {
      entry: { type: 'enterStatus', params: { status: 'pending', inSlot: false } },
      after: { retryBackoff: { target: 'pending', actions: ['clearRetry', 'reportDue'] } },
      on: {
        PAUSE: { target: 'held', actions: 'clearRetry' },
        SET_PRIORITY: setPriority,
        CANCEL: { target: 'cancelled', actions: ['clearRetry', 'markFinished'] },
      },
    },
    held: {
      entry: { type: 'enterStatus', params: { status: 'paused', inSlot: false } },
      on: {
        RESUME: 'pending',
        SET_PRIORITY: setPriority,
        CANCEL: { target: 'cancelled', actions: 'markFinished' },
      },
    },
    active: {
      entry: 'markStarted',
      invoke: {
        id: 'transcode',
        src: 'transcode',
        input: ({ context }): TranscodeInput => ({ spec: context.spec, attempt: context.attempts }),
        onDone: {
          target: 'failed',
          actions: ['markFinished', { type: 'setError', params: { error: NO_RESULT } }],
        },
        onError: {
          target: 'failed',
          actions: [
            'markFinished',
            { type: 'setError', params: ({ event }) => ({ error: errorInfoOf(event.error) }) },
          ],
        },
      },
      on: {
        'transcode.phase': { actions: { type: 'setPhase', params: ({ event }) => event } },
        'transcode.progress': {
          actions: { type: 'setProgress', params: ({ event }) => ({ progress: event.progress }) },
        },
        'transcode.done': {
          target: 'completed',
          actions: ['markFinished', { type: 'setResult', params: ({ event }) => ({ result: event.result }) }],
        },
        'transcode.failed': [
          {
            guard: { type: 'mayRetry', params: ({ event }) => ({ error: event.error }) },
            target: 'waiting',
            actions: { type: 'scheduleRetry', params: ({ event }) => ({ error: event.error }) },
          },
          {
            target: 'failed',
            actions: ['markFinished', { type: 'setError', params: ({ event }) => ({ error: event.error }) }],
          },
        ],
        CANCEL: { target: 'cancelled', actions: 'markFinished' },
        SET_PRIORITY: setPriority,
      },
      initial: 'running',
      states: {
        running: {
          entry: { type: 'enterStatus', params: { status: 'running', inSlot: true } },
          on: { PAUSE: { target: 'paused', actions: 'suspendTranscode' } },
        },
        paused: {
          entry: { type: 'enterStatus', params: { status: 'paused', inSlot: true } },
          on: { RESUME: { target: 'running', actions: 'continueTranscode' } },
        },
      },
    },
    // Final: the job reports its status, then its actor is done and the queue lets it go (the store keeps it).
    completed: {
      type: 'final',
      entry: { type: 'enterStatus', params: { status: 'completed', inSlot: false } },
    },
    failed: {
      type: 'final',
      entry: { type: 'enterStatus', params: { status: 'failed', inSlot: false } },
    },
    cancelled: {
      type: 'final',
      entry: { type: 'enterStatus', params: { status: 'cancelled', inSlot: false } },
    },
  },
  // The done event names the job, so its parent finds the entry to drop without a search.
  output: ({ context }): JobOutput => ({ id: context.spec.id }),
});

export type JobSnapshot = SnapshotFrom<typeof jobMachine>;
export type JobActorRef = ActorRefFrom<typeof jobMachine>;

/** Flattens the machine's states onto the six statuses every view shows. */
export function jobStatusOf(snapshot: JobSnapshot): JobStatus {
  if (snapshot.matches({ active: 'running' })) return 'running';
  if (snapshot.matches({ active: 'paused' }) || snapshot.matches('held')) return 'paused';
  if (snapshot.matches('completed')) return 'completed';
  if (snapshot.matches('failed')) return 'failed';
  if (snapshot.matches('cancelled')) return 'cancelled';
  return 'pending';
}

/** Whether the job would act on `event` now; callers refuse (409) when it would not, nothing is thrown. */
export function canAccept(snapshot: JobSnapshot, event: JobEvent): boolean {
  return snapshot.can(event);
}

/** The job as stored and as views see it. */
export function jobRecordOf(snapshot: JobSnapshot): JobRecord {
  return recordOf(snapshot.context);
}
