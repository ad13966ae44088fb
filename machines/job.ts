import { type ActorRefFrom, enqueueActions, type SnapshotFrom, setup } from 'xstate';
import {
  CLEAN_RUN,
  type Clock,
  creationInputOf,
  errorInfoOf,
  type JobContext,
  type JobEvent,
  type JobInput,
  type JobOutput,
  type JobReport,
  NO_RESULT,
  recordOf,
  reportAs,
  setPriority,
  statusOf,
  suspended,
  tell,
  transcodeNotProvided,
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

export type {
  Clock,
  JobContext,
  JobEvent,
  JobInput,
  JobOutput,
  JobReport,
  TranscodeLogic,
} from './job-model.ts';

/**
 * One transcode job. `active` wraps `running` and `paused` so the invoked transcode actor (ffmpeg) lives across a
 * pause — PAUSE suspends it, only leaving `active` (cancel, done, failure) stops it. `held` is a pause before the
 * job ever ran (a restored paused job, or a pending job the operator held): it is not dispatched until RESUME.
 * `completed`, `failed` and `cancelled` are final: a job runs again only as a new actor, brought back from the store.
 *
 * Each state is tagged with the status views show (`jobStatusOf`); the context holds no copy of it. A status is
 * reported as the job enters it — on entry where every way in is a change, on the transition into `pending`, `held`
 * and `waiting`, which a restored job starts in (reporting nothing) and a retry wait leaves for `pending` unchanged.
 * Timestamps are read from `now`, the machine's clock, never from the context.
 */
export function createJobMachine(now: Clock = Date.now) {
  return setup({
    types: {
      context: {} as JobContext,
      events: {} as JobEvent,
      input: {} as JobInput,
      emitted: {} as JobReport,
      tags: {} as JobStatus,
    },
    actors: { transcode: transcodeNotProvided },
    guards: {
      startsHeld: ({ event }) => creationInputOf(event)?.status === 'paused',
      waitsForRetry: ({ context }) => context.retryAt !== null,
      /** The retry rule (machines/retry-rule.ts): a transient failure, and runs left. `attempts` is this run's number. */
      mayRetry: ({ context }, params: { error: JobErrorInfo }) =>
        isTransient(params.error) && mayRunAgain(context.attempts, context.retry.maxAttempts),
    },
    delays: {
      /** Until `retryAt`, on this job's clock (zero when a restart finds it already past). */
      retryBackoff: ({ context }) => Math.max(0, (context.retryAt ?? 0) - now()),
    },
    actions: {
      /** Reports the status the job enters, with the job as it now is. */
      reportStatus: enqueueActions(({ context, enqueue }, params: { status: JobStatus; inSlot: boolean }) => {
        const updatedAt = now();
        enqueue.assign({ updatedAt });
        const job = recordOf({ ...context, updatedAt }, params.status);
        tell(enqueue, context, { type: 'job.status', id: context.spec.id, ...params, job });
      }),
      markStarted: enqueueActions(({ enqueue }) => {
        enqueue.assign({ ...CLEAN_RUN, startedAt: now(), finishedAt: null });
      }),
      markFinished: enqueueActions(({ enqueue }) => {
        enqueue.assign({ finishedAt: now() });
      }),
      setPhase: enqueueActions(
        ({ context, enqueue, check }, params: Extract<TranscodeReport, { type: 'transcode.phase' }>) => {
          const { phase } = params;
          const tempPath = params.tempPath ?? context.tempPath;
          const ffmpegArgs = params.ffmpegArgs ?? context.ffmpegArgs;
          enqueue.assign({ phase, tempPath, ffmpegArgs, updatedAt: now() });
          const status = check(suspended) ? 'paused' : 'running';
          tell(enqueue, context, {
            type: 'job.phase',
            id: context.spec.id,
            status,
            phase,
            tempPath,
            ffmpegArgs,
          });
        },
      ),
      setProgress: enqueueActions(({ context, enqueue, check }, params: { progress: JobProgress }) => {
        enqueue.assign({ progress: params.progress, updatedAt: now() });
        const status = check(suspended) ? 'paused' : 'running';
        tell(enqueue, context, { type: 'job.progress', id: context.spec.id, status, ...params });
      }),
      setResult: enqueueActions(({ enqueue }, params: { result: JobResult }) => {
        enqueue.assign({ result: params.result });
      }),
      setError: enqueueActions(({ enqueue }, params: { error: JobErrorInfo }) => {
        enqueue.assign({ error: params.error });
      }),
      setPriority: enqueueActions(({ enqueue }, params: { priority: number }) => {
        enqueue.assign({ priority: params.priority, updatedAt: now() });
      }),
      /** After a transient failure: the next attempt's number and when it runs; the failure stays on show. */
      scheduleRetry: enqueueActions(({ context, enqueue }, params: { error: JobErrorInfo }) => {
        const retryAt = now() + retryDelayMs(context.retry, context.attempts);
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
      clearRetry: enqueueActions(({ enqueue }) => {
        enqueue.assign({ retryAt: null, updatedAt: now() });
      }),
      reportDue: enqueueActions(({ context, enqueue }) => {
        const { id } = context.spec;
        tell(enqueue, context, { type: 'job.due', id, status: 'pending', job: recordOf(context, 'pending') });
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
    context: ({ input }) => ({
      ...CLEAN_RUN,
      error: input.retryAt == null ? null : (input.error ?? null),
      spec: input.spec,
      priority: input.spec.priority,
      attempts: input.attempts ?? 1,
      startedAt: null,
      finishedAt: null,
      updatedAt: now(),
      retryAt: input.retryAt ?? null,
      retry: input.retry ?? DEFAULT_RETRY_POLICY,
      parent: input.parent ?? null,
    }),
    initial: 'restoring',
    states: {
      // Transient: picks pending or held from the input, so a restored paused job never starts by itself.
      restoring: {
        tags: 'pending',
        always: [
          { guard: 'startsHeld', target: 'held' },
          { guard: 'waitsForRetry', target: 'waiting' },
          { target: 'pending' },
        ],
      },
      pending: {
        tags: 'pending',
        on: {
          START: 'active',
          PAUSE: { target: 'held', actions: reportAs('paused') },
          SET_PRIORITY: setPriority,
          CANCEL: { target: 'cancelled', actions: 'markFinished' },
        },
      },
      // Pending, but not before `retryAt`: a transient failure (full disk, stall) waits here to run again.
      waiting: {
        tags: 'pending',
        after: { retryBackoff: { target: 'pending', actions: ['clearRetry', 'reportDue'] } },
        on: {
          PAUSE: { target: 'held', actions: ['clearRetry', reportAs('paused')] },
          SET_PRIORITY: setPriority,
          CANCEL: { target: 'cancelled', actions: ['clearRetry', 'markFinished'] },
        },
      },
      held: {
        tags: 'paused',
        on: {
          RESUME: { target: 'pending', actions: reportAs('pending') },
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
            actions: [
              'markFinished',
              { type: 'setResult', params: ({ event }) => ({ result: event.result }) },
            ],
          },
          'transcode.failed': [
            {
              guard: { type: 'mayRetry', params: ({ event }) => ({ error: event.error }) },
              target: 'waiting',
              actions: [
                { type: 'scheduleRetry', params: ({ event }) => ({ error: event.error }) },
                reportAs('pending'),
              ],
            },
            {
              target: 'failed',
              actions: [
                'markFinished',
                { type: 'setError', params: ({ event }) => ({ error: event.error }) },
              ],
            },
          ],
          CANCEL: { target: 'cancelled', actions: 'markFinished' },
          SET_PRIORITY: setPriority,
        },
        initial: 'running',
        states: {
          running: {
            tags: 'running',
            entry: reportAs('running', true),
            on: { PAUSE: { target: 'paused', actions: 'suspendTranscode' } },
          },
          paused: {
            tags: 'paused',
            entry: reportAs('paused', true),
            on: { RESUME: { target: 'running', actions: 'continueTranscode' } },
          },
        },
      },
      // Final: the job reports its status, then its actor is done and the queue lets it go (the store keeps it).
      completed: { type: 'final', tags: 'completed', entry: reportAs('completed') },
      failed: { type: 'final', tags: 'failed', entry: reportAs('failed') },
      cancelled: { type: 'final', tags: 'cancelled', entry: reportAs('cancelled') },
    },
    // The done event names the job, so its parent finds the entry to drop without a search.
    output: ({ context }): JobOutput => ({ id: context.spec.id }),
  });
}

/** The job chart on the wall clock: what is drawn and served, and what runs when no clock is given. */
export const jobMachine = createJobMachine();

export type JobSnapshot = SnapshotFrom<typeof jobMachine>;
export type JobActorRef = ActorRefFrom<typeof jobMachine>;

/** Flattens the machine's states onto the six statuses every view shows: the status tag of the job's state. */
export function jobStatusOf(snapshot: JobSnapshot): JobStatus {
  return statusOf(snapshot);
}

/** Whether the job would act on `event` now; callers refuse (409) when it would not, nothing is thrown. */
export function canAccept(snapshot: JobSnapshot, event: JobEvent): boolean {
  return snapshot.can(event);
}

/** The job as stored and as views see it. */
export function jobRecordOf(snapshot: JobSnapshot): JobRecord {
  return recordOf(snapshot.context, statusOf(snapshot));
}
