import type { JobErrorInfo, JobRecord, JobResult } from '../../machines/types.ts';
import type { JobEvent } from '../store/types.ts';
import type { JobDetailView, JobView } from './types.ts';

/** The public shape of a job: a projection of a JobRecord (from an actor snapshot or a store row). */
export function toJobView(record: JobRecord, phase: string | null = null): JobView {
  return {
    id: record.id,
    status: record.status,
    phase: record.status === 'running' || record.status === 'paused' ? phase : null,
    source: { path: record.source.path, size: record.source.size, mtimeMs: record.source.mtimeMs },
    outputPath: record.result?.outputPath ?? record.outputPath,
    profile: record.profile.name,
    priority: record.priority,
    attempts: attemptsStarted(record),
    progress: record.progress,
    error: errorView(record.error),
    result: withoutLog(record.result),
    origin: record.origin,
    createdAt: record.createdAt,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    updatedAt: record.updatedAt,
    retryAt: record.retryAt ?? null,
  };
}

/**
 * Runs that started. The record counts the attempt it is on, from 1, including one still waiting: a pending job
 * that never ran is on attempt 1 but has run 0 times, and a retried job waiting again has run one time fewer than
 * its attempt number. An attempt has started once the job has a start time (kept by a failure, cleared by a retry or
 * a requeue) or is running or paused right now. The store keeps its own counting; this is what operators are shown.
 */
export function attemptsStarted(record: Pick<JobRecord, 'attempts' | 'startedAt' | 'status'>): number {
  const current = record.startedAt !== null || record.status === 'running' || record.status === 'paused';
  return current ? record.attempts : Math.max(0, record.attempts - 1);
}

export function toJobDetailView(
  record: JobRecord,
  extras: { phase: string | null; ffmpegArgs: string[] | null; timeline: readonly JobEvent[] },
): JobDetailView {
  // A failed job's checks and media live in its failure's timeline entry (the store keeps the error as columns).
  const failure =
    record.status === 'failed'
      ? (extras.timeline.findLast((e) => e.type === 'failed')?.data as
          | Partial<JobErrorInfo>
          | null
          | undefined)
      : null;
  return {
    ...toJobView(record, extras.phase),
    overrides: record.overrides,
    profileSettings: record.profile,
    sourceAction: record.sourceAction,
    collision: record.collision,
    ffmpegArgs: extras.ffmpegArgs ?? record.result?.ffmpegArgs ?? null,
    timeline: extras.timeline.map((e) => ({ at: e.at, type: e.type, data: e.data })),
    verify: record.verify,
    verification: record.result?.checks ?? record.error?.checks ?? failure?.checks ?? null,
    sourceMedia: record.result?.sourceMedia ?? record.error?.sourceMedia ?? failure?.sourceMedia ?? null,
  };
}

// The stderr tail is for the job's log endpoint, the checks and source media for its detail: every list view and
// stream message stays small without them.
function withoutLog(result: JobResult | null): JobResult | null {
  if (!result) return result;
  if (result.stderrTail === undefined && result.checks === undefined && result.sourceMedia === undefined)
    return result;
  const { stderrTail: _tail, checks: _checks, sourceMedia: _media, ...rest } = result;
  return rest;
}

function errorView(error: JobErrorInfo | null): JobErrorInfo | null {
  if (!error || (error.checks === undefined && error.sourceMedia === undefined)) return error;
  return { code: error.code, message: error.message, stderrTail: error.stderrTail };
}
