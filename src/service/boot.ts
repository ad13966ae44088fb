import type { QueueCommand } from '../../machines/queue.ts';
import { removeTempFilesSync } from '../media/sidecar.ts';
import { settleOverwriteSync } from '../media/sidecar-overwrite.ts';
import { DEFAULT_MAX_ATTEMPTS, type Store, type StoredJob } from '../store/index.ts';
import { killOrphanEncoders } from './orphans.ts';
import { recoverFinalized } from './recover-finalized.ts';

export interface BootOptions {
  maxAttempts?: number;
  now: number;
  warn: (message: string) => void;
  /** Keeps late work (source actions of recovered jobs) awaited by a stop. */
  track: (work: Promise<void>) => void;
}

/**
 * Brings the store back to a state the queue can resume from, in this order: an ffmpeg orphaned by a crash stops
 * writing before its temp file goes; a job that died past its rename is completed, not re-encoded into name-1.mov;
 * then interrupted jobs are cleaned and requeued, pending and paused ones come back as they were.
 *
 * Only jobs with a temp file on record can have left an encoder, a temp file or a renamed output behind (the temp
 * path is recorded when the encode starts and cleared only when the job ends or is cleaned), so only those are
 * listed and have their timeline read: a boot with 10,000 queued jobs makes two listings, not a query per job.
 * @returns the jobs to put back into the queue, in dispatch order, with their persisted queue order.
 */
export function recoverAtBoot(store: Store, options: BootOptions): StoredJob[] {
  const withTemp = store.listActiveWithExtras({ withTempFile: true });
  killOrphanEncoders(withTemp.map((job) => job.extras.tempPath).filter((p): p is string => p !== null));
  const jobs = withTemp.map((job) => job.record);
  const finalized = recoverFinalized(store, { now: options.now, warn: options.warn, jobs });
  options.track(finalized.sourceActions);
  // An overwrite of a video and its sidecar WAV that died midway left the old pair under hidden names.
  for (const { record, extras } of withTemp) {
    if (record.collision !== 'overwrite' || !extras.tempPath) continue;
    const done = finalized.recovered.some((r) => r.id === record.id);
    for (const w of settleOverwriteSync(extras.tempPath, record.outputPath, done))
      options.warn(`job ${record.id}: ${w}`);
  }
  return store.recover({
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    now: options.now,
    // The sidecar WAV's temp name derives from the video's (src/media/sidecar.ts), so it goes with it.
    removeFile: removeTempFilesSync,
  }).restoredWithExtras;
}

/** The queue's RESTORE for what `recoverAtBoot` returned: one command, however many jobs. */
export function restoreCommand(restored: readonly StoredJob[]): Extract<QueueCommand, { type: 'RESTORE' }> {
  const jobs = restored.map(({ record, extras }) => ({
    spec: record,
    attempts: record.attempts,
    status: record.status === 'paused' ? ('paused' as const) : ('pending' as const),
    order: extras.queueOrder,
    retryAt: record.retryAt ?? null,
    error: record.error,
  }));
  return { type: 'RESTORE', jobs };
}

/**
 * Jobs still running when a stop's grace period ran out go back to pending for the next start — except one stopped
 * past its rename, which is done (its report was dropped with the actor): complete it, never requeue it.
 */
export async function interruptAtStop(
  store: Store,
  ids: readonly string[],
  options: { now: number; warn: (message: string) => void; signal?: AbortSignal },
): Promise<void> {
  const jobs = ids.map((id) => store.getJob(id)).filter((j) => j !== null);
  const late = recoverFinalized(store, {
    now: options.now,
    warn: options.warn,
    jobs,
    signal: options.signal,
  });
  await late.sourceActions;
  for (const id of ids) {
    if (late.recovered.some((r) => r.id === id)) continue;
    store.recordTransition(
      id,
      { status: 'pending', progress: null, startedAt: null, tempPath: null },
      { type: 'interrupted', data: { reason: 'shutdown' } },
    );
  }
}
