import { mayRunAgain } from '../../machines/retry-rule.ts';
import type { JobRecord } from '../../machines/types.ts';
import type { Sql } from './db.ts';
import { appendEvent, listActiveWithExtras, writeStored } from './jobs.ts';
import { type JobRow, rowToStored, type StoredJob } from './rows.ts';
import { syncSeenOutcome } from './seen.ts';
import type { RecoverOptions, RecoveryReport, TempFileCleanup } from './types.ts';

export const DEFAULT_MAX_ATTEMPTS = 3;
export const INTERRUPTED_CODE = 'job.interrupted';

/**
 * Boot recovery. Nothing is running before the service starts, so a `running` row is a job the last process died
 * in: its half-written temp file goes, and it queues again (or fails, once it has been interrupted `maxAttempts`
 * times, so a file that crashes the machine cannot crash it forever). Paused jobs keep their status, but their
 * suspended ffmpeg died with the process, so their temp file goes too and they will start over when resumed.
 *
 * Files are removed before the transaction: if the process dies in between, the next boot finds the same rows and
 * removing an already-removed file is a no-op.
 */
export function recover(sql: Sql, options: RecoverOptions): RecoveryReport {
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const { now } = options;
  const orphans = sql
    .all<JobRow>(`SELECT * FROM jobs WHERE status IN ('running','paused') ORDER BY created_at, id`)
    .map(rowToStored);

  const tempFiles: TempFileCleanup[] = [];
  for (const { record, extras } of orphans) {
    if (extras.tempPath === null) continue;
    tempFiles.push({
      jobId: record.id,
      path: extras.tempPath,
      ...removeQuietly(options.removeFile, extras.tempPath),
    });
  }

  return sql.transaction(() => {
    const interrupted: JobRecord[] = [];
    const failedAfterInterrupt: JobRecord[] = [];
    for (const stored of orphans) {
      if (stored.record.status === 'paused') {
        if (stored.extras.tempPath !== null) {
          writeStored(
            sql,
            { record: { ...stored.record, progress: null }, extras: cleared(stored) },
            'update',
          );
        }
        continue;
      }
      const next = interrupt(stored, maxAttempts, now);
      appendEvent(
        sql,
        next.record.id,
        {
          type: 'interrupted',
          data: {
            attempts: next.record.attempts,
            maxAttempts,
            tempPath: stored.extras.tempPath,
            percent: stored.record.progress?.percent ?? null,
          },
        },
        now,
      );
      if (next.record.status === 'failed') {
        appendEvent(sql, next.record.id, { type: 'failed', data: { reason: INTERRUPTED_CODE } }, now);
        syncSeenOutcome(sql, next.record.source, next.record.id, 'failed', now);
        failedAfterInterrupt.push(next.record);
      } else {
        interrupted.push(next.record);
      }
      writeStored(sql, next, 'update');
    }
    const restoredWithExtras = listActiveWithExtras(sql);
    const restored = restoredWithExtras.map((job) => job.record);
    return { restored, restoredWithExtras, interrupted, failedAfterInterrupt, tempFiles };
  });
}

function interrupt(stored: StoredJob, maxAttempts: number, now: number): StoredJob {
  // `attempts` is the number of the attempt that was running (jobs count from 1): the next one would be + 1.
  const ran = stored.record.attempts;
  const attempts = ran + 1;
  const base: JobRecord = { ...stored.record, attempts, progress: null, updatedAt: now };
  if (!mayRunAgain(ran, maxAttempts)) {
    return {
      record: {
        ...base,
        attempts: ran,
        status: 'failed',
        finishedAt: now,
        error: {
          code: INTERRUPTED_CODE,
          message: `interrupted while running ${ran} time(s) (service stopped or crashed); giving up after ${maxAttempts}`,
          stderrTail: [],
        },
      },
      extras: cleared(stored),
    };
  }
  return {
    record: { ...base, status: 'pending', startedAt: null, finishedAt: null },
    extras: cleared(stored),
  };
}

function cleared(stored: StoredJob): StoredJob['extras'] {
  return { ...stored.extras, tempPath: null };
}

function removeQuietly(
  removeFile: (path: string) => void,
  path: string,
): { removed: boolean; error?: string } {
  try {
    removeFile(path);
    return { removed: true };
  } catch (error) {
    const code = error && typeof error === 'object' && 'code' in error ? error.code : undefined;
    if (code === 'ENOENT') return { removed: false };
    // A temp file we cannot delete is hidden and never ingested; it must not keep the queue from coming back.
    return { removed: false, error: error instanceof Error ? error.message : String(error) };
  }
}
