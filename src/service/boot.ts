import { rmSync } from 'node:fs';
import type { JobRecord } from '../../machines/types.ts';
import { DEFAULT_MAX_ATTEMPTS, type Store } from '../store/index.ts';
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
 * @returns the jobs to put back into the queue, in dispatch order.
 */
export function recoverAtBoot(store: Store, options: BootOptions): JobRecord[] {
  const active = store.listActive();
  const orphanTemps = active
    .map((job) => store.getJobExtras(job.id)?.tempPath)
    .filter((p): p is string => typeof p === 'string');
  killOrphanEncoders(orphanTemps);
  const finalized = recoverFinalized(store, { now: options.now, warn: options.warn, jobs: active });
  options.track(finalized.sourceActions);
  return store.recover({
    // Jobs count attempts from 1, the store's limit from 0: without the + 1 a job got only maxAttempts - 1 runs.
    maxAttempts: (options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS) + 1,
    now: options.now,
    removeFile: (p) => rmSync(p, { force: true }),
  }).restored;
}

/**
 * Jobs still running when a stop's grace period ran out go back to pending for the next start — except one stopped
 * past its rename, which is done (its report was dropped with the actor): complete it, never requeue it.
 */
export async function interruptAtStop(
  store: Store,
  ids: readonly string[],
  options: { now: number; warn: (message: string) => void },
): Promise<void> {
  const jobs = ids.map((id) => store.getJob(id)).filter((j) => j !== null);
  const late = recoverFinalized(store, { now: options.now, warn: options.warn, jobs });
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
