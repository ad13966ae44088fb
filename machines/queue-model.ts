import { type JobActorRef, type JobReport, jobRecordOf } from './job.ts';
import { errorInfoOf } from './job-model.ts';
import { mapDelete, mapGet, mapSet } from './persistent-map.ts';
import type { QueueCommand, QueueContext, QueueEmitted, QueueEntry } from './queue-events.ts';
import { identityKey, type TranscodePhase } from './types.ts';

/**
 * Pure functions over the queue's context. Lookups by id or source identity are hash lookups, and pending jobs
 * are kept in dispatch order as they change (bisection and one array copy), so dispatch never scans or sorts;
 * only CLEAR, MOVE and the selectors walk every job.
 */

/** Waiting for a slot: pending, or held (paused before it ever started). */
export function isWaiting(entry: QueueEntry): boolean {
  return entry.status === 'pending' || (entry.status === 'paused' && !entry.live);
}

export function isFinished(entry: QueueEntry): boolean {
  return entry.status === 'completed' || entry.status === 'failed' || entry.status === 'cancelled';
}

/** Can be dispatched now: pending and not waiting for an automatic retry. */
export function isReady(entry: QueueEntry): boolean {
  return entry.status === 'pending' && entry.retryAt === null;
}

/** The entries whose run is alive (encoding, suspended, verifying or renaming): what a graceful stop waits for. */
export function liveEntries(context: Pick<QueueContext, 'jobs'>): QueueEntry[] {
  const live: QueueEntry[] = [];
  forEachEntry(context, (entry) => {
    if (entry.live) live.push(entry);
  });
  return live;
}

/** Dispatch order: higher priority first, then lower `order` (older, or moved up). */
export function compareDispatch(a: QueueEntry, b: QueueEntry): number {
  return b.priority - a.priority || a.order - b.order;
}

export function findEntry(context: QueueContext, id: string): QueueEntry | undefined {
  return mapGet(context.jobs, id);
}

/** The entry whose actor has this child id (errors from children name the actor, not the job). */
export function findByActor(context: QueueContext, actorId: string): QueueEntry | undefined {
  let found: QueueEntry | undefined;
  forEachEntry(context, (entry) => {
    if (entry.ref.id === actorId) found = entry;
  });
  return found;
}

/** Visits every entry; indexed loops, as CLEAR runs this over 10k jobs. */
export function forEachEntry(context: Pick<QueueContext, 'jobs'>, visit: (entry: QueueEntry) => void): void {
  const { buckets } = context.jobs;
  for (let b = 0; b < buckets.length; b++) {
    const bucket = buckets[b];
    if (bucket) for (let i = 0; i < bucket.length; i++) visit(bucket[i][1]);
  }
}

/** Dispatch order made total (ties broken by id), so a pending entry's place in `ready` is found by bisection. */
export function compareReady(a: QueueEntry, b: QueueEntry): number {
  return compareDispatch(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function placeInReady(ready: readonly QueueEntry[], entry: QueueEntry): number {
  let low = 0;
  let high = ready.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareReady(ready[mid], entry) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** `ready` with `entry` added in its place, when it is pending. */
export function withReady(ready: readonly QueueEntry[], entry: QueueEntry): readonly QueueEntry[] {
  return isReady(entry) ? ready.toSpliced(placeInReady(ready, entry), 0, entry) : ready;
}

/** `ready` without `entry` (the very object stored there, so its place is where its fields say). */
function withoutReady(ready: readonly QueueEntry[], entry: QueueEntry): readonly QueueEntry[] {
  if (!isReady(entry)) return ready;
  const at = placeInReady(ready, entry);
  return ready[at]?.id === entry.id ? ready.toSpliced(at, 1) : ready;
}

type Tracked = Pick<QueueContext, 'jobs' | 'inSlot' | 'ready'>;

/** The context fields that change when `entry` changes; keeps `inSlot` and `ready` in step with the entries. */
export function patchEntry(
  context: Tracked,
  entry: QueueEntry,
  change: Partial<Omit<QueueEntry, 'id' | 'key'>>,
): Tracked {
  const next = { ...entry, ...change };
  return {
    jobs: mapSet(context.jobs, entry.id, next),
    inSlot: context.inSlot + Number(next.inSlot) - Number(entry.inSlot),
    ready: withReady(withoutReady(context.ready, entry), next),
  };
}

/** The context after adding a job: a new or retried job goes after everything queued at its priority. */
export function admit(
  context: QueueContext,
  command: Extract<QueueCommand, { type: 'ADD' }>,
  ref: JobActorRef,
): Pick<QueueContext, 'jobs' | 'keys' | 'ready' | 'seq'> {
  const { spec, order } = command;
  const seq = order === undefined ? context.seq + 1 : Math.max(context.seq, Math.ceil(order));
  const entry: QueueEntry = {
    id: spec.id,
    ref,
    key: identityKey(spec.source),
    status: command.status ?? 'pending',
    live: false,
    inSlot: false,
    priority: spec.priority,
    order: order ?? seq,
    added: context.spawned + 1,
    retryAt: command.retryAt ?? null,
  };
  return {
    jobs: mapSet(context.jobs, entry.id, entry),
    keys: mapSet(context.keys, entry.key, entry.id),
    ready: withReady(context.ready, entry),
    seq,
  };
}

/**
 * The context without a job that is done (or whose actor threw): its entry, its slot and place in `ready` if it
 * still held them, and its source identity if no later job took it over.
 */
export function withoutJob(
  context: QueueContext,
  entry: QueueEntry,
): Pick<QueueContext, 'jobs' | 'keys' | 'inSlot' | 'ready'> {
  const owned = mapGet(context.keys, entry.key) === entry.id;
  const { inSlot, ready } = patchEntry(context, entry, { status: 'failed', live: false, inSlot: false });
  return {
    jobs: mapDelete(context.jobs, entry.id),
    keys: owned ? mapDelete(context.keys, entry.key) : context.keys,
    inSlot,
    ready,
  };
}

/** The job.failed event for a job whose actor threw (at `at`, ms since epoch): the store keeps it failed, saying why. */
export function crashReportOf(entry: QueueEntry, thrown: unknown, at: number): QueueEmitted {
  const error = errorInfoOf(thrown);
  const job = {
    ...jobRecordOf(entry.ref.getSnapshot()),
    status: 'failed' as const,
    error,
    finishedAt: at,
    updatedAt: at,
  };
  return { type: 'job.failed', id: entry.id, status: 'failed', error, job };
}

/**
 * CLEAR: the pending jobs, in the order they were added, and the jobs with those marked cancelled at once — a
 * pending job always accepts CANCEL, so the reports that follow change nothing. Held and running jobs stay.
 */
export function clearPending(context: QueueContext): { cleared: QueueEntry[]; jobs: QueueContext['jobs'] } {
  const cleared: QueueEntry[] = [];
  forEachEntry(context, (entry) => {
    if (entry.status === 'pending') cleared.push(entry);
  });
  cleared.sort((a, b) => a.added - b.added);
  let { jobs } = context;
  for (const entry of cleared) jobs = mapSet(jobs, entry.id, { ...entry, status: 'cancelled' });
  return { cleared, jobs };
}

/**
 * The entry after a job's status report. A job says `inSlot` for as long as its transcode run is alive; the queue
 * may already have taken the slot back (the run is past its encode, see `releasesSlot`), and a report — a pause
 * while verifying, say — does not hand it a slot again: only a dispatch does.
 */
export function reportedState(
  entry: QueueEntry,
  report: Extract<JobReport, { type: 'job.status' }>,
): Pick<QueueEntry, 'status' | 'live' | 'inSlot' | 'retryAt'> {
  const released = entry.live && !entry.inSlot;
  const retryAt = report.job.retryAt ?? null;
  return { status: report.status, live: report.inSlot, inSlot: report.inSlot && !released, retryAt };
}

/** The entry's changes after a status report, or null when the report changes nothing in the mirror. */
export function reportChange(
  entry: QueueEntry,
  report: Extract<JobReport, { type: 'job.status' }>,
): ReturnType<typeof reportedState> | null {
  const next = reportedState(entry, report);
  const same =
    entry.status === next.status &&
    entry.live === next.live &&
    entry.inSlot === next.inSlot &&
    entry.retryAt === next.retryAt;
  return same ? null : next;
}

/** A status report that frees a slot or brings back a pending job: a chance to dispatch. */
export function opensSlot(
  entry: QueueEntry | undefined,
  report: Extract<JobReport, { type: 'job.status' }>,
): boolean {
  if (!entry) return false;
  return (
    (entry.inSlot && !report.inSlot) ||
    (!isReady(entry) && isReady({ ...entry, ...reportedState(entry, report) }))
  );
}

/** The chosen jobs marked running, before they report it, so one dispatch never picks the same job twice. */
export function markDispatched(context: Tracked, chosen: readonly QueueEntry[]): Tracked {
  let next = context;
  for (const entry of chosen) next = patchEntry(next, entry, { status: 'running', live: true, inSlot: true });
  return next;
}

/** A phase past the encode: ffmpeg has exited, so the job no longer needs an encode slot. */
export function releasesSlot(entry: QueueEntry | undefined, phase: TranscodePhase): boolean {
  return !!entry?.inSlot && (phase === 'verifying' || phase === 'finalizing');
}

/** The pending jobs to start now, best first. */
export function planDispatch(context: QueueContext): readonly QueueEntry[] {
  const free = context.concurrency - context.inSlot;
  return free > 0 ? context.ready.slice(0, free) : [];
}

/**
 * The queue event for a job's status report. Where the job came from is the entry's status before the report (the
 * queue's own record): back from a pause is a resume, back to pending from a run is a retry.
 */
export function statusEventOf(
  report: Extract<JobReport, { type: 'job.status' }>,
  entry: QueueEntry,
): QueueEmitted {
  const { id, job } = report;
  const { order, status: previous } = entry;
  switch (report.status) {
    case 'running':
      return previous === 'paused'
        ? { type: 'job.resumed', id, status: 'running', job }
        : { type: 'job.started', id, status: 'running', job };
    case 'pending':
      return previous === 'paused'
        ? { type: 'job.resumed', id, status: 'pending', job }
        : { type: 'job.retried', id, status: 'pending', attempts: job.attempts, order, job };
    case 'paused':
      return { type: 'job.paused', id, status: 'paused', job };
    case 'completed':
      return { type: 'job.completed', id, status: 'completed', result: job.result, job };
    case 'failed':
      return { type: 'job.failed', id, status: 'failed', error: job.error, job };
    case 'cancelled':
      return { type: 'job.cancelled', id, status: 'cancelled', job };
  }
}
