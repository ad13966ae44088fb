import { assign, enqueueActions, raise, type SnapshotFrom, setup } from 'xstate';
import { type Clock, createJobMachine, type JobReport, jobRecordOf } from './job.ts';
import { checkCommandIn } from './queue-check.ts';
import type { QueueCommand, QueueContext, QueueEmitted, QueueEvent, QueueInput } from './queue-events.ts';
import {
  admit,
  clearPending,
  crashReportOf,
  findByActor,
  findEntry,
  liveEntries,
  markDispatched,
  opensSlot,
  patchEntry,
  planDispatch,
  releasesSlot,
  reportChange,
  statusEventOf,
  withoutJob,
} from './queue-model.ts';
import { applyMove } from './queue-move.ts';
import {
  allowed,
  byId,
  type Forwarded,
  forwardAs,
  initialContext,
  jobInputOf,
  refused,
  storedRetryOf,
} from './queue-params.ts';
import { admitAll, planRestore } from './queue-restore.ts';

export type * from './queue-events.ts';

type StatusReport = Extract<JobReport, { type: 'job.status' }>;
type PhaseReport = Extract<JobReport, { type: 'job.phase' }>;
type DueReport = Extract<JobReport, { type: 'job.due' }>;
type DoneEvent = Extract<QueueEvent, { output: unknown }>;
type AddParams = Extract<QueueCommand, { type: 'ADD' }>;

/**
 * The queue. Each ADD spawns a job actor (systemId `job:<id>`), RESTORE many at once; the queue keeps a mirror of
 * every job (status, slot, priority, order) that the jobs' own reports keep true — the queue marks a job running
 * itself only when it starts it, and CLEAR marks the cleared ones cancelled, both outcomes the job cannot refuse.
 * Concurrency counts encodes: a job that reports `verifying` gives its slot back while it stays running, so
 * verification overlaps the next encode. The best pending jobs start whenever a slot may have opened: on ADD,
 * RESTORE, RESUME, SET_CONCURRENCY, a crash, a job past its encode, and on every report of a job leaving its slot
 * or becoming pending. There is no polling tick. Commands are checked against the mirror; a refused one changes
 * nothing and is emitted as command.refused. A job actor that throws fails that job only.
 *
 * The queue owns a job's life until it is finished: a job's final report is emitted (the service persists it), then
 * its actor is done and the queue drops the entry, so the queue holds only unfinished jobs. A crashed actor is
 * reported failed and dropped the same way. RETRY brings a finished job back from the stored record it carries.
 *
 * Time is the machine's: `createQueueMachine(now)` reads its clock for a crash report and hands it to the jobs it
 * spawns. src/ supplies the clock and the transcode actor: `createQueueMachine(now).provide({ actors: { job:
 * createJobMachine(now).provide({ actors: { transcode } }) } })`.
 */
export function createQueueMachine(now: Clock = Date.now) {
  return setup({
    types: {
      context: {} as QueueContext,
      events: {} as QueueEvent,
      input: {} as QueueInput,
      emitted: {} as QueueEmitted,
    },
    actors: { job: createJobMachine(now) },
    guards: {
      allowed: ({ context }, params: QueueCommand) => checkCommandIn(context, params).ok,
      /** A report that frees a slot or brings back a pending job is a chance to dispatch. */
      opensSlot: ({ context }, params: StatusReport) => opensSlot(findEntry(context, params.id), params),
      releasesSlot: ({ context }, params: PhaseReport) =>
        releasesSlot(findEntry(context, params.id), params.phase),
      /** No job's run is alive (encoding, suspended, verifying or renaming): a stop has nothing left to wait for. */
      drained: ({ context }) => liveEntries(context).length === 0,
    },
    delays: {
      shutdownGrace: ({ context }) => context.graceMs,
    },
    actions: {
      requestDispatch: raise({ type: 'queue.dispatch' }),
      setGrace: assign({ graceMs: (_, params: { graceMs: number }) => Math.max(0, params.graceMs) }),
      emitPaused: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'queue.paused' })),
      emitResumed: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'queue.resumed' })),
      refuse: enqueueActions(({ enqueue }, params: { refused: QueueEmitted | null }) => {
        if (params.refused) enqueue.emit(params.refused);
      }),
      // systemId `job:<id>`: the inspector names and lists jobs by it (src/inspect/actor-name.ts, inspectable.ts).
      addJob: assign(({ context, spawn, self }, params: AddParams) => {
        const spawned = context.spawned + 1;
        const input = jobInputOf(context, self, params);
        const ref = spawn('job', { id: String(spawned), systemId: `job:${params.spec.id}`, input });
        return { ...admit(context, params, ref), spawned };
      }),
      /** One assign for every restored job: xstate copies the children map once per assign, not per spawn. */
      restoreJobs: enqueueActions(
        ({ context, enqueue }, params: Extract<QueueCommand, { type: 'RESTORE' }>) => {
          const { accepted, refused } = planRestore(context, params.jobs);
          for (const event of refused) enqueue.emit(event);
          if (accepted.length === 0) return;
          enqueue.assign(({ context, spawn, self }) =>
            admitAll(context, accepted, (job, id) =>
              spawn('job', { id, systemId: `job:${job.spec.id}`, input: jobInputOf(context, self, job) }),
            ),
          );
          enqueue.emit({ type: 'queue.restored', ids: accepted.map((job) => job.spec.id) });
        },
      ),
      emitQueued: enqueueActions(({ context, enqueue }, params: { id: string }) => {
        // The new actor's initial snapshot is the job as it starts.
        const entry = findEntry(context, params.id)!;
        const { id, status, order } = entry;
        enqueue.emit({ type: 'job.queued', id, status, order, job: jobRecordOf(entry.ref.getSnapshot()) });
      }),
      /** Passes a checked command on to the job; the job's report then updates the mirror. */
      forward: enqueueActions(({ context, enqueue }, params: Forwarded) => {
        const entry = findEntry(context, params.id);
        if (entry) enqueue.sendTo(entry.ref, { type: params.type });
      }),
      /** A job actor that throws is a bug, not a reason to stop the queue: the job is reported failed and leaves. */
      dropCrashed: enqueueActions(({ context, enqueue }, params: { actorId: string; error: unknown }) => {
        const entry = findByActor(context, params.actorId);
        if (!entry) return;
        enqueue.emit(crashReportOf(entry, params.error, now()));
        enqueue.stopChild(entry.ref);
        enqueue.assign(withoutJob(context, entry));
      }),
      /** A job's actor is done (its final report is already emitted): the store has the job, the queue lets it go. */
      dropFinished: enqueueActions(({ context, enqueue }, params: { id: string }) => {
        const entry = findEntry(context, params.id);
        if (!entry) return;
        enqueue.stopChild(entry.ref);
        enqueue.assign(withoutJob(context, entry));
      }),
      emitRetried: enqueueActions(({ context, enqueue }, params: { id: string }) => {
        const { id, order, ref } = findEntry(context, params.id)!;
        const job = jobRecordOf(ref.getSnapshot());
        enqueue.emit({ type: 'job.retried', id, status: 'pending', attempts: job.attempts, order, job });
      }),
      clearPending: enqueueActions(({ context, enqueue }) => {
        const { cleared, jobs } = clearPending(context);
        for (const entry of cleared) enqueue.sendTo(entry.ref, { type: 'CANCEL' });
        enqueue.assign({ jobs, ready: [] });
        enqueue.emit({ type: 'queue.cleared', ids: cleared.map((entry) => entry.id) });
      }),
      setConcurrency: enqueueActions(({ context, enqueue }, params: { value: number }) => {
        enqueue.assign({ concurrency: params.value });
        enqueue.emit({ type: 'queue.concurrency', value: params.value, previous: context.concurrency });
      }),
      setPriority: enqueueActions(({ context, enqueue }, params: { id: string; priority: number }) => {
        const entry = findEntry(context, params.id)!;
        enqueue.assign(patchEntry(context, entry, { priority: params.priority }));
        enqueue.sendTo(entry.ref, { type: 'SET_PRIORITY', priority: params.priority });
        enqueue.emit({ type: 'job.priority', id: entry.id, status: entry.status, priority: params.priority });
      }),
      moveJob: enqueueActions(({ context, enqueue }, params: Extract<QueueCommand, { type: 'MOVE' }>) => {
        const { changes, emitted, reprioritized } = applyMove(context, params);
        enqueue.assign(changes);
        for (const { ref, priority } of reprioritized)
          enqueue.sendTo(ref, { type: 'SET_PRIORITY', priority });
        for (const event of emitted) enqueue.emit(event);
      }),
      applyReport: enqueueActions(({ context, enqueue }, params: StatusReport) => {
        const entry = findEntry(context, params.id);
        if (!entry) return;
        enqueue.emit(statusEventOf(params, entry));
        const next = reportChange(entry, params);
        if (next) enqueue.assign(patchEntry(context, entry, next));
      }),
      /** A job's retry wait is over: it joins the pending jobs. */
      applyDue: enqueueActions(({ context, enqueue }, params: DueReport) => {
        const entry = findEntry(context, params.id);
        if (!entry) return;
        enqueue.emit(params);
        if (entry.retryAt !== null) enqueue.assign(patchEntry(context, entry, { retryAt: null }));
      }),
      /** Past its encode a job gives its slot back: the next ffmpeg starts while this output is verified. */
      releaseSlot: enqueueActions(({ context, enqueue }, params: PhaseReport) => {
        const entry = findEntry(context, params.id);
        if (entry) enqueue.assign(patchEntry(context, entry, { inSlot: false }));
      }),
      relay: enqueueActions(({ enqueue }, params: Exclude<JobReport, StatusReport | DueReport>) => {
        enqueue.emit(params);
      }),
      dispatch: enqueueActions(({ context, enqueue }) => {
        const chosen = planDispatch(context);
        if (chosen.length === 0) return;
        enqueue.assign(markDispatched(context, chosen));
        for (const entry of chosen) enqueue.sendTo(entry.ref, { type: 'START' });
      }),
    },
  }).createMachine({
    id: 'queue',
    context: ({ input }) => initialContext(input),
    on: {
      ADD: [
        {
          guard: allowed,
          actions: [
            { type: 'addJob', params: ({ event }) => event },
            { type: 'emitQueued', params: ({ event }) => ({ id: event.spec.id }) },
            { type: 'requestDispatch' },
          ],
        },
        refused,
      ],
      RESTORE: {
        actions: [{ type: 'restoreJobs', params: ({ event }) => event }, 'requestDispatch'],
      },
      CANCEL: [{ guard: allowed, actions: { type: 'forward', params: forwardAs('CANCEL') } }, refused],
      PAUSE_JOB: [{ guard: allowed, actions: { type: 'forward', params: forwardAs('PAUSE') } }, refused],
      RESUME_JOB: [{ guard: allowed, actions: { type: 'forward', params: forwardAs('RESUME') } }, refused],
      RETRY: [
        {
          guard: allowed,
          actions: [
            { type: 'addJob', params: ({ event }) => storedRetryOf(event.job) },
            { type: 'emitQueued', params: byId },
            { type: 'emitRetried', params: byId },
            'requestDispatch',
          ],
        },
        refused,
      ],
      SET_PRIORITY: [
        { guard: allowed, actions: { type: 'setPriority', params: ({ event }) => event } },
        refused,
      ],
      MOVE: [{ guard: allowed, actions: { type: 'moveJob', params: ({ event }) => event } }, refused],
      SET_CONCURRENCY: [
        {
          guard: allowed,
          actions: [{ type: 'setConcurrency', params: ({ event }) => event }, 'requestDispatch'],
        },
        refused,
      ],
      CLEAR: { actions: 'clearPending' },
      'job.status': [
        {
          guard: { type: 'opensSlot', params: ({ event }) => event },
          actions: [{ type: 'applyReport', params: ({ event }) => event }, 'requestDispatch'],
        },
        { actions: { type: 'applyReport', params: ({ event }) => event } },
      ],
      'job.due': { actions: [{ type: 'applyDue', params: ({ event }) => event }, 'requestDispatch'] },
      'job.progress': { actions: { type: 'relay', params: ({ event }) => event } },
      'job.phase': [
        {
          guard: { type: 'releasesSlot', params: ({ event }) => event },
          actions: [
            { type: 'releaseSlot', params: ({ event }) => event },
            { type: 'relay', params: ({ event }) => event },
            'requestDispatch',
          ],
        },
        { actions: { type: 'relay', params: ({ event }) => event } },
      ],
      'xstate.done.actor.*': {
        actions: { type: 'dropFinished', params: ({ event }: { event: DoneEvent }) => event.output },
      },
      'xstate.error.actor.*': {
        actions: [{ type: 'dropCrashed', params: ({ event }) => event }, 'requestDispatch'],
      },
    },
    initial: 'running',
    states: {
      running: {
        entry: 'dispatch',
        on: {
          PAUSE: { target: 'paused', actions: 'emitPaused' },
          'queue.dispatch': { actions: 'dispatch' },
          STOP: { target: 'stopping', actions: { type: 'setGrace', params: ({ event }) => event } },
        },
      },
      // Starts nothing new; running jobs go on, and pausing them is a per-job command.
      paused: {
        on: {
          RESUME: { target: 'running', actions: 'emitResumed' },
          STOP: { target: 'stopping', actions: { type: 'setGrace', params: ({ event }) => event } },
        },
      },
      // Graceful stop: starts nothing; done when the last live run ends or the grace period is over.
      stopping: {
        always: { guard: 'drained', target: 'stopped' },
        after: { shutdownGrace: 'stopped' },
      },
      // Final: the runs still alive stop with the queue (ffmpeg killed, temp files removed); the store requeues them.
      stopped: { type: 'final' },
    },
  });
}

/** The queue chart on the wall clock: what is drawn and served, and what runs when no clock is given. */
export const queueMachine = createQueueMachine();

export type QueueSnapshot = SnapshotFrom<typeof queueMachine>;

export * from './queue-select.ts';
