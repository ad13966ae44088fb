import { createActor } from 'xstate';
import { jobMachine, jobRecordOf } from '../../machines/job.ts';
import {
  checkCommand,
  type QueueCommand,
  type QueueEmitted,
  queueMachine,
  selectEntry,
  selectJobs,
  selectNextPending,
} from '../../machines/queue.ts';
import type { JobRecord, SourceIdentity } from '../../machines/types.ts';
import { BvpError } from '../errors.ts';
import { type InspectableService, type InspectCallback, inspectable } from '../inspect/inspectable.ts';
import { createProbeCache } from '../media/probe-cache.ts';
import { createTranscodeActor } from '../media/transcode-actor.ts';
import { assertRunnable, profileSupport } from '../profiles/capability.ts';
import { createProfileRegistry, type ProfileRegistry } from '../profiles/registry.ts';
import { type FindOpenWriters, openWriterFinder } from '../runtime/open-writers.ts';
import type { Store } from '../store/index.ts';
import { openLockedStore } from '../store/instance-lock.ts';
import { interruptAtStop, recoverAtBoot, restoreCommand } from './boot.ts';
import { drainAtStop } from './drain.ts';
import { createJobMedia, type JobMediaOptions } from './job-media.ts';
import { createPersister } from './persist.ts';
import { createQueries } from './queries.ts';
import { refusalError } from './refusal.ts';
import { retryPolicyOf, retryStoredJob } from './retry-stored.ts';
import { specFromRequest } from './submit.ts';
import type { JobView, ServiceApi, ServiceEvent, ServiceListener } from './types.ts';
import { toJobView } from './views.ts';

export interface ServiceOptions {
  /** SQLite file (created with its folder), or ':memory:' for one-shot runs. */
  storePath: string;
  ffmpeg: string;
  ffprobe: string;
  profiles?: ProfileRegistry;
  concurrency?: number;
  maxAttempts?: number;
  /** Waits before the automatic retries of a transient failure (default 10 s doubling to 5 min; tests shorten it). */
  retryBackoff?: { baseMs: number; maxMs?: number };
  stallSeconds?: number;
  shutdownGraceSeconds?: number;
  /** Default output folder for submissions that name no output. */
  outputDir?: string;
  /**
   * Encoders of the ffmpeg in use (listEncoders), read once at start: a job whose profile needs one it lacks is
   * refused at submit. Absent (tests, an unreadable list): nothing is refused for that reason. A promise lets the
   * listing (an ffmpeg run) overlap the rest of the start; submit waits for it.
   */
  encoders?: ReadonlySet<string> | null | Promise<ReadonlySet<string> | null>;
  /** Durability of the store: 'full' (default) survives a power cut; 'normal' is for tests and benchmarks. */
  synchronous?: 'full' | 'normal';
  now?: () => number;
  /** XState's inspection callback for the queue's actor system (jobs included); see src/inspect/inspect-hub.ts. */
  inspect?: InspectCallback;
  posters?: JobMediaOptions['posters'];
  /** Who has a source open for writing; default the platform's way (src/runtime/open-writers.ts). */
  openWriters?: FindOpenWriters;
  /** Wraps the store once opened (metrics time every call). */
  instrumentStore?: (store: Store) => Store;
}

export interface Service extends ServiceApi, InspectableService {
  readonly store: Store;
  /** Whether this source identity was already queued or processed (across restarts). */
  hasSeen(identity: SourceIdentity): boolean;
  /** Publishes an event from outside the queue (watcher: file.detected, file.ignored; config.updated). */
  publish(type: string, data: Record<string, unknown>): void;
  /** False once the queue actor died; /health reports it. */
  isHealthy(): boolean;
  /** Custom profiles after a config reload; queued jobs keep the profile they were created with. */
  setProfiles(registry: ProfileRegistry): void;
}

/**
 * The service facade: one queue actor (spawning job actors that run ffmpeg) and one store. Every queue change is
 * persisted as it happens and streamed to subscribers; commands are checked against the queue first so a refusal is
 * a BvpError for the caller (404/409), never an exception inside an actor.
 */
export function createService(options: ServiceOptions): Service {
  const now = options.now ?? Date.now;
  const started = now();
  let profiles = options.profiles ?? createProfileRegistry();
  // Locked before recovery runs: a second instance on this store must touch nothing (see instance-lock.ts).
  const { store: opened, lock } = openLockedStore(options.storePath, {
    synchronous: options.synchronous,
    now,
  });
  const store = options.instrumentStore ? options.instrumentStore(opened) : opened;
  let encoders: ReadonlySet<string> | null = null;
  const encodersKnown = Promise.resolve(options.encoders ?? null).then((set) => {
    encoders = set;
    return set;
  });
  const listeners = new Set<ServiceListener>();
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
  const probes = createProbeCache({ ffprobe: options.ffprobe });
  const media = createJobMedia({ ...options, store, activeRecord: (id) => activeRecord(id) });
  const transcode = createTranscodeActor({
    ffmpeg: options.ffmpeg,
    ffprobe: options.ffprobe,
    stallSeconds: options.stallSeconds,
    now,
    track,
    probeInput: probes.probeInput,
    runs: media.runs,
    openWriters: options.openWriters ?? openWriterFinder().find,
  });
  const jobLogic = jobMachine.provide({ actors: { transcode } });
  const queueLogic = queueMachine.provide({ actors: { job: jobLogic } });
  const actor = createActor(queueLogic, {
    input: { concurrency: options.concurrency ?? 1, now, retry: retryPolicyOf(options) },
    inspect: options.inspect,
  });

  const publish = (type: string, data: Record<string, unknown>): void => {
    const event: ServiceEvent = { type, at: now(), data };
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A broken subscriber must not stop the queue or the other subscribers.
      }
    }
  };

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
    if (event.type === 'command.refused' || event.type === 'job.removed') return;
    if (event.type === 'queue.paused' || event.type === 'queue.resumed') {
      if (quietPause) return;
      pausedSince = event.type === 'queue.paused' ? now() : null;
      try {
        store.setQueuePause(pausedSince !== null);
      } catch (error) {
        publish('service.error', { message: `store: ${(error as Error).message}`, event: event.type });
      }
    }
    const { type, ...rest } = event;
    const data: Record<string, unknown> = { ...rest };
    if ('job' in event) data.job = toJobView(event.job, phaseOf(event.id));
    publish(type, data);
    // Finished jobs live on in the store; the queue keeps only active ones, so it stays small over a long run.
    if (type === 'job.completed' || type === 'job.failed' || type === 'job.cancelled') {
      media.finished(event.id);
      actor.send({ type: 'REMOVE', id: event.id });
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
      store.insertJob({
        ...spec,
        status: 'pending',
        attempts: 1,
        progress: null,
        error: null,
        result: null,
        startedAt: null,
        finishedAt: null,
        updatedAt: spec.createdAt,
      });
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
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
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
      const remaining = await drainAtStop({ queue: actor, graceMs, now, publish });
      // Past the grace period: interrupt what still runs; it is requeued (not failed) on the next start.
      const interrupted = remaining.map((j) => j.id);
      actor.stop();
      probes.close();
      await media.close();
      await Promise.allSettled([...work]);
      await interruptAtStop(store, interrupted, { now: now(), warn });
      const requeued = remaining.filter((j) => store.getJob(j.id)?.status === 'pending');
      if (requeued.length > 0) publish('service.requeued', { jobs: requeued });
      store.close();
      lock?.release();
    },
  };
  return service;
}
