import { createActor } from 'xstate';
import { createJobMachine, jobRecordOf } from '../../machines/job.ts';
import {
  checkCommand,
  createQueueMachine,
  type QueueCommand,
  type QueueEmitted,
  selectEntry,
  selectJobs,
  selectNextPending,
} from '../../machines/queue.ts';
import type { JobRecord } from '../../machines/types.ts';
import { BvpError } from '../errors.ts';
import { inspectable } from '../inspect/inspectable.ts';
import { assertRunnable, profileSupport } from '../profiles/capability.ts';
import { createProfileRegistry } from '../profiles/registry.ts';
import { interruptAtStop, recoverAtBoot, restoreCommand } from './boot.ts';
import { openCollaborators, type ServiceCollaborators } from './collaborators.ts';
import { drainAtStop } from './drain.ts';
import { createEventBus } from './event-bus.ts';
import { createJobMedia } from './job-media.ts';
import { createPersister } from './persist.ts';
import { createQueries } from './queries.ts';
import { queueToEvent } from './queue-to-event.ts';
import { refusalError } from './refusal.ts';
import { retryPolicyOf, retryStoredJob } from './retry-stored.ts';
import type { Service, ServiceOptions } from './service-options.ts';
import { pendingRecord, specFromRequest } from './submit.ts';
import type { JobView } from './types.ts';
import { toJobView } from './views.ts';

export type { Service, ServiceOptions } from './service-options.ts';

/**
 * The service facade: one queue actor (spawning job actors that run ffmpeg) and one store. Every queue change is
 * persisted as it happens and streamed to subscribers; commands are checked against the queue first so a refusal is
 * a BvpError for the caller (404/409), never an exception inside an actor.
 */
export function createService(
  options: ServiceOptions,
  collaborators: ServiceCollaborators = openCollaborators(options),
): Service {
  const { store, probes, now } = collaborators;
  const started = now();
  let profiles = options.profiles ?? createProfileRegistry();
  let encoders: ReadonlySet<string> | null = null;
  const encodersKnown = Promise.resolve(options.encoders ?? null).then((set) => {
    encoders = set;
    return set;
  });
  const { emit, publish, subscribe } = createEventBus(now, collaborators.sink);
  const work = new Set<Promise<void>>();
  let healthy = true;
  let stopping = false;
  // The operator's pause is stored; a stop's own pause (and the pause restored at boot) is not an operator action.
  let pausedSince: number | null = null;
  let quietPause = false;

  // Work that must be over before the store closes: ffmpeg runs (until the process is gone and its temp file
  // removed) and late source actions.
  const track = (p: Promise<void>): void => {
    work.add(p);
    p.finally(() => work.delete(p)).catch(() => {});
  };
  const media = createJobMedia({ ...options, store, activeRecord: (id) => activeRecord(id) });
  const transcode = collaborators.transcode({ track, runs: media.runs, probeInput: probes.probeInput, now });
  // The machines read time from the service's clock, not from their context.
  const jobLogic = createJobMachine(now).provide({ actors: { transcode } });
  const queueLogic = createQueueMachine(now).provide({ actors: { job: jobLogic } });
  const actor = createActor(queueLogic, {
    input: { concurrency: options.concurrency ?? 1, retry: retryPolicyOf(options) },
    inspect: options.inspect,
  });

  // The next job's input is probed while the current one encodes, so no ffprobe runs between two encodes.
  const prefetchNext = (): void => {
    const next = selectNextPending(actor.getSnapshot());
    if (next) probes.prefetch(next.ref.getSnapshot().context.spec.source);
  };

  const persist = createPersister(store);
  actor.on('*', (event: QueueEmitted) => {
    try {
      persist(event);
    } catch (error) {
      publish('service.error', { message: `store: ${(error as Error).message}`, event: event.type });
    }
    if (event.type === 'job.queued' || event.type === 'queue.restored') prefetchNext();
    else if (event.type === 'job.phase' && event.phase === 'encoding') prefetchNext();
    if (event.type === 'job.queued') media.queued(event.job.source);
    if (event.type === 'queue.paused' || event.type === 'queue.resumed') {
      if (quietPause) return;
      pausedSince = event.type === 'queue.paused' ? now() : null;
      try {
        store.setQueuePause(pausedSince !== null);
      } catch (error) {
        publish('service.error', { message: `store: ${(error as Error).message}`, event: event.type });
      }
    }
    const streamed = queueToEvent(event, now(), (job, id) => toJobView(job, phaseOf(id)));
    if (streamed) emit(streamed);
    // Finished jobs live on in the store (written above); the queue lets them go by itself once their actor is done.
    if (event.type === 'job.completed' || event.type === 'job.failed' || event.type === 'job.cancelled') {
      media.finished(event.id);
    }
  });
  actor.subscribe({
    error: (error) => {
      healthy = false;
      publish('service.error', { message: `queue stopped: ${(error as Error).message}` });
    },
  });

  const phaseOf = (id: string): string | null => {
    const entry = selectEntry(actor.getSnapshot(), id);
    return entry ? (entry.ref.getSnapshot().context.phase ?? null) : null;
  };

  /** Sends a command after checking it, turning a refusal into the error the API maps to 404/409. */
  const command = (cmd: QueueCommand): void => {
    const check = checkCommand(actor.getSnapshot(), cmd);
    if (!check.ok) throw refusalError(check, cmd);
    actor.send(cmd);
  };

  const activeRecord = (id: string): JobRecord | null => {
    const entry = selectEntry(actor.getSnapshot(), id);
    return entry ? jobRecordOf(entry.ref.getSnapshot()) : null;
  };

  /** A job's view after a command: live from its actor if still queued, else from the store. */
  const viewOf = (id: string): JobView => {
    const live = activeRecord(id);
    if (live) return toJobView(live, phaseOf(id));
    const stored = store.getJob(id);
    if (!stored) throw new BvpError('job.not_found', `no job "${id}"`, { details: { id } });
    return toJobView(stored);
  };

  /** A job not in the queue any more: 404 if unknown, 409 naming its status otherwise. */
  const requireActive = (id: string, action: string): void => {
    if (selectEntry(actor.getSnapshot(), id)) return;
    const stored = store.getJob(id);
    if (!stored) throw new BvpError('job.not_found', `no job "${id}"`, { details: { id } });
    throw new BvpError('job.state', `cannot ${action} job "${id}": it is ${stored.status}`, {
      details: { id, status: stored.status, action },
    });
  };

  const warn = (message: string) => publish('service.error', { message });
  const restored = recoverAtBoot(store, { maxAttempts: options.maxAttempts, now: now(), warn, track });
  actor.start();
  const storedPause = store.getQueuePause();
  if (storedPause.paused) {
    // Paused before the jobs come back, so a restart during a show starts nothing until the operator resumes.
    quietPause = true;
    actor.send({ type: 'PAUSE' });
    quietPause = false;
    pausedSince = storedPause.since;
  }
  actor.send(restoreCommand(restored));

  const service: Service = {
    store,
    ...createQueries({
      store,
      actor,
      started,
      now,
      activeRecord,
      phaseOf,
      isStopping: () => stopping,
      pausedSince: () => pausedSince,
    }),
    ...media.api,
    profileSupport: (profile) => profileSupport(profile, encoders),
    async submit(request) {
      if (stopping) throw new BvpError('job.state', 'the service is stopping; no new jobs');
      const spec = await specFromRequest(request, profiles, {
        outputDir: options.outputDir,
        now,
        newId: () => globalThis.crypto.randomUUID(),
      });
      assertRunnable(spec.profile, await encodersKnown);
      const check = checkCommand(actor.getSnapshot(), { type: 'ADD', spec });
      if (!check.ok)
        throw new BvpError('job.duplicate', check.message, { details: { source: spec.source.path } });
      store.insertJob(pendingRecord(spec));
      // The intake's ffprobe result goes with the job: no second ffprobe before its encode.
      if (request.settled) probes.seed(spec.source, request.settled.info);
      actor.send({ type: 'ADD', spec });
      return viewOf(spec.id);
    },
    pauseQueue: () => command({ type: 'PAUSE' }),
    resumeQueue: () => command({ type: 'RESUME' }),
    clearQueue() {
      const before = selectJobs(actor.getSnapshot()).filter((j) => j.status === 'pending').length;
      command({ type: 'CLEAR' });
      return before;
    },
    setConcurrency: (value) => command({ type: 'SET_CONCURRENCY', value }),
    pauseJob(id) {
      requireActive(id, 'pause');
      command({ type: 'PAUSE_JOB', id });
      return viewOf(id);
    },
    resumeJob(id) {
      requireActive(id, 'resume');
      command({ type: 'RESUME_JOB', id });
      return viewOf(id);
    },
    cancelJob(id) {
      requireActive(id, 'cancel');
      command({ type: 'CANCEL', id });
      return viewOf(id);
    },
    retryJob: (id, opts = {}) => retryStoredJob({ store, actor, viewOf }, id, opts.rerun ?? false),
    setPriority(id, priority) {
      requireActive(id, 'reprioritize');
      command({ type: 'SET_PRIORITY', id, priority });
      return viewOf(id);
    },
    moveJob(id, target) {
      requireActive(id, 'move');
      command({ type: 'MOVE', id, to: target.to, ref: 'job' in target ? target.job : undefined });
      return viewOf(id);
    },
    retryWhere({ status }) {
      const ids: string[] = [];
      for (let page = store.listHistory({ status, limit: 500 }); ; ) {
        for (const record of page.items) {
          try {
            service.retryJob(record.id, { rerun: record.status === 'completed' });
            ids.push(record.id);
          } catch {
            // A job whose source is queued again under another job stays as it is.
          }
        }
        if (!page.nextCursor) break;
        page = store.listHistory({ status, limit: 500, cursor: page.nextCursor });
      }
      return ids;
    },
    deleteHistory: (query) => store.deleteHistory(query),
    subscribe,
    hasSeen: (identity) => store.isQueuedOrDone(identity),
    publish,
    setProfiles: (registry) => {
      profiles = registry;
    },
    ...inspectable(queueLogic, jobLogic, actor),
    isHealthy: () => healthy && actor.getSnapshot().status === 'active',
    async stop(opts = {}) {
      if (stopping) return;
      stopping = true;
      const graceMs = (opts.graceSeconds ?? options.shutdownGraceSeconds ?? 30) * 1000;
      const remaining = await drainAtStop({ queue: actor, graceMs, now, publish, signal: opts.signal });
      // Past the grace period: interrupt what still runs; it is requeued (not failed) on the next start.
      const interrupted = remaining.map((j) => j.id);
      actor.stop();
      probes.close();
      await media.close();
      await Promise.allSettled([...work]);
      await interruptAtStop(store, interrupted, { now: now(), warn, signal: opts.signal });
      const requeued = remaining.filter((j) => store.getJob(j.id)?.status === 'pending');
      if (requeued.length > 0) publish('service.requeued', { jobs: requeued });
      store.close();
      collaborators.release?.();
    },
  };
  return service;
}
