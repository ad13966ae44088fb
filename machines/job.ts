import { type ActorRefFrom, enqueueActions, fromCallback, type SnapshotFrom, setup } from 'xstate';
import {
  errorInfoOf,
  type JobContext,
  type JobEvent,
  type JobInput,
  type JobReport,
  recordOf,
  type TranscodeLogic,
} from './job-model.ts';
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

export type { JobContext, JobEvent, JobInput, JobReport, TranscodeLogic } from './job-model.ts';

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

interface Teller {
  emit: (report: JobReport) => void;
  sendParent: (report: JobReport) => void;
}

/** Tells the queue (when there is one: a job also runs alone) and the job's own listeners. */
function tell(enqueue: Teller, self: { _parent?: unknown }, report: JobReport): void {
  enqueue.emit(report);
  if (self._parent) enqueue.sendParent(report);
}

// A transcode actor must report done or failed; one that just ends has lost the result.
const NO_RESULT: JobErrorInfo = {
  code: 'internal',
  message: 'transcode ended without a result',
  stderrTail: [],
};

const clean = { progress: null, phase: null, tempPath: null, ffmpegArgs: null, error: null, result: null };

/**
 * One transcode job. `active` wraps `running` and `paused` so the invoked transcode actor (ffmpeg) lives across a
 * pause — PAUSE suspends it, only leaving `active` (cancel, done, failure) stops it. `held` is a pause before the
 * job ever ran (a restored paused job, or a pending job the operator held): it is not dispatched until RESUME.
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
    rerunRequested: ({ event }) => event.type === 'RETRY' && event.rerun === true,
  },
  actions: {
    /** Records the new status and reports it — only when it changed, so restoring a job reports nothing. */
    enterStatus: enqueueActions(
      ({ context, enqueue, self }, params: { status: JobStatus; inSlot: boolean }) => {
        if (context.status === params.status) return;
        const updatedAt = context.now();
        enqueue.assign({ status: params.status, updatedAt });
        const job = recordOf({ ...context, status: params.status, updatedAt });
        const { id } = context.spec;
        tell(enqueue, self, { type: 'job.status', id, previous: context.status, ...params, job });
      },
    ),
    markStarted: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ ...clean, startedAt: context.now(), finishedAt: null });
    }),
    markFinished: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ finishedAt: context.now() });
    }),
    setPhase: enqueueActions(
      ({ context, enqueue, self }, params: Extract<TranscodeReport, { type: 'transcode.phase' }>) => {
        const { phase } = params;
        const tempPath = params.tempPath ?? context.tempPath;
        const ffmpegArgs = params.ffmpegArgs ?? context.ffmpegArgs;
        enqueue.assign({ phase, tempPath, ffmpegArgs, updatedAt: context.now() });
        const { id } = context.spec;
        tell(enqueue, self, { type: 'job.phase', id, status: context.status, phase, tempPath, ffmpegArgs });
      },
    ),
    setProgress: enqueueActions(({ context, enqueue, self }, params: { progress: JobProgress }) => {
      enqueue.assign({ progress: params.progress, updatedAt: context.now() });
      const { id } = context.spec;
      tell(enqueue, self, { type: 'job.progress', id, status: context.status, ...params });
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
    prepareRetry: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ ...clean, attempts: context.attempts + 1, startedAt: null, finishedAt: null });
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
      ...clean,
      spec: input.spec,
      priority: input.spec.priority,
      attempts: input.attempts ?? 1,
      status: input.status ?? 'pending',
      startedAt: null,
      finishedAt: null,
      updatedAt: now(),
      now,
    };
  },
  initial: 'restoring',
  states: {
    // Transient: picks pending or held from the input, so a restored paused job never starts by itself.
    restoring: {
      always: [{ guard: 'startsHeld', target: 'held' }, { target: 'pending' }],
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
        'transcode.failed': {
          target: 'failed',
          actions: ['markFinished', { type: 'setError', params: ({ event }) => ({ error: event.error }) }],
        },
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
    completed: {
      entry: { type: 'enterStatus', params: { status: 'completed', inSlot: false } },
      on: { RETRY: { guard: 'rerunRequested', target: 'pending', actions: 'prepareRetry' } },
    },
    failed: {
      entry: { type: 'enterStatus', params: { status: 'failed', inSlot: false } },
      on: { RETRY: { target: 'pending', actions: 'prepareRetry' } },
    },
    cancelled: {
      entry: { type: 'enterStatus', params: { status: 'cancelled', inSlot: false } },
      on: { RETRY: { target: 'pending', actions: 'prepareRetry' } },
    },
  },
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
