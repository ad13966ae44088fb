import { statSync } from 'node:fs';
import type { QueueEmitted } from '../../machines/queue.ts';
import type { JobRecord } from '../../machines/types.ts';
import type { Store, TransitionPatch } from '../store/index.ts';
import { progressMilestone } from '../store/progress-milestone.ts';

/** The fields of a status change that the store keeps; the spec itself never changes after creation. */
function statusPatch(job: JobRecord): TransitionPatch {
  return {
    status: job.status,
    attempts: job.attempts,
    priority: job.priority,
    progress: job.progress,
    error: job.error,
    result: job.result,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    updatedAt: job.updatedAt,
    retryAt: job.retryAt ?? null,
  };
}

/** Where a verified temp file lives on disk (see src/service/recover-finalized.ts); null when it cannot be read. */
export interface VerifiedTempData {
  tempPath: string;
  dev: string;
  ino: string;
}

/**
 * The verified temp file's inode, committed before the rename: the rename keeps the inode, so after a crash a final
 * name holding it proves the job got past its rename and must not run again (which would write `name-1.mov`).
 * Strings, because a bigint inode need not fit a JSON number.
 */
function tempFileIdentity(tempPath: string | null): VerifiedTempData | null {
  if (tempPath === null) return null;
  try {
    const info = statSync(tempPath, { bigint: true });
    return { tempPath, dev: String(info.dev), ino: String(info.ino) };
  } catch {
    return null;
  }
}

/** A retry's timeline entry; an automatic one says when it runs and what it retries after. */
function retriedData(job: JobRecord): Record<string, unknown> {
  const data: Record<string, unknown> = { attempts: job.attempts };
  if (job.retryAt != null) Object.assign(data, { retryAt: job.retryAt, after: job.error?.code ?? null });
  return data;
}

/**
 * Writes every queue change to the store as it happens: one transaction per transition, so the store is the truth
 * after any crash. Progress is written cheaply on every report, with a timeline event at each 10 % milestone.
 */
export function createPersister(store: Store): (event: QueueEmitted) => void {
  const lastPercent = new Map<string, number | null>();
  return (event) => {
    switch (event.type) {
      case 'job.started':
        lastPercent.set(event.id, null);
        store.recordTransition(event.id, { ...statusPatch(event.job), tempPath: null }, { type: 'started' });
        return;
      case 'job.phase':
        if (event.phase === 'encoding') {
          store.recordTransition(
            event.id,
            { tempPath: event.tempPath, ffmpegArgs: event.ffmpegArgs },
            { type: 'progress', data: { phase: 'encoding', percent: 0 } },
          );
        } else if (event.phase === 'finalizing') {
          store.recordTransition(event.id, {}, { type: 'verified', data: tempFileIdentity(event.tempPath) });
        }
        return;
      case 'job.progress': {
        store.updateProgress(event.id, event.progress);
        const previous = lastPercent.get(event.id) ?? null;
        if (progressMilestone(previous, event.progress.percent)) {
          lastPercent.set(event.id, event.progress.percent);
          store.recordTransition(
            event.id,
            { progress: event.progress },
            {
              type: 'progress',
              data: { percent: Math.floor(event.progress.percent) },
            },
          );
        }
        return;
      }
      case 'job.paused':
        store.recordTransition(event.id, statusPatch(event.job), { type: 'paused' });
        return;
      case 'job.resumed':
        store.recordTransition(event.id, statusPatch(event.job), { type: 'resumed' });
        return;
      case 'job.completed':
        lastPercent.delete(event.id);
        store.recordTransition(
          event.id,
          { ...statusPatch(event.job), tempPath: null },
          {
            type: 'completed',
            data: { outputPath: event.result?.outputPath ?? null },
          },
        );
        return;
      case 'job.failed':
        lastPercent.delete(event.id);
        store.recordTransition(
          event.id,
          { ...statusPatch(event.job), tempPath: null },
          {
            type: 'failed',
            data: {
              code: event.error?.code ?? 'internal',
              message: event.error?.message ?? '',
              // The store's error columns keep code, message and log; what failed check by check lives here.
              ...(event.error?.checks ? { checks: event.error.checks } : {}),
              ...(event.error?.sourceMedia ? { sourceMedia: event.error.sourceMedia } : {}),
            },
          },
        );
        return;
      case 'job.cancelled':
        lastPercent.delete(event.id);
        store.recordTransition(
          event.id,
          { ...statusPatch(event.job), tempPath: null },
          { type: 'cancelled' },
        );
        return;
      case 'job.retried':
        store.recordTransition(
          event.id,
          { ...statusPatch(event.job), queueOrder: event.order },
          {
            type: 'retried',
            data: retriedData(event.job),
          },
        );
        return;
      case 'job.due':
        store.recordTransition(event.id, statusPatch(event.job), { type: 'due' });
        return;
      case 'job.priority':
        store.recordTransition(
          event.id,
          { priority: event.priority },
          {
            type: 'priority',
            data: { priority: event.priority },
          },
        );
        return;
      case 'job.moved':
        store.recordTransition(
          event.id,
          { priority: event.priority, queueOrder: event.order },
          {
            type: 'moved',
            data: { to: event.to, priority: event.priority },
          },
        );
        return;
      default:
        // job.queued is written by submit before the ADD; queue-level events change no job row.
        return;
    }
  };
}
