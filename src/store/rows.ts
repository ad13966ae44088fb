import { ACTIVE_STATUSES, FINISHED_STATUSES, type JobRecord, type JobStatus } from '../../machines/types.ts';
import type { SqlParams } from './db.ts';
import { storedKey } from './seen.ts';
import type { JobStoreExtras, TransitionPatch } from './types.ts';

/** A `jobs` row as SQLite hands it back. */
export interface JobRow {
  id: string;
  status: JobStatus;
  source_path: string;
  source_size: number;
  source_mtime_ms: number;
  source_hash: string | null;
  source_fingerprint: string | null;
  source_key: string;
  output_path: string;
  profile_name: string;
  profile_json: string;
  overrides_json: string;
  priority: number;
  queue_order: number;
  source_action_json: string;
  collision: JobRecord['collision'];
  verify: number;
  origin: string;
  attempts: number;
  progress_json: string | null;
  error_code: string | null;
  error_message: string | null;
  error_stderr_json: string | null;
  result_json: string | null;
  temp_path: string | null;
  ffmpeg_args_json: string | null;
  search_text: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
  retry_at: number | null;
  output_root: string | null;
}

export interface StoredJob {
  record: JobRecord;
  extras: JobStoreExtras;
}

/** Columns written from a StoredJob; the INSERT and the UPDATE are generated from this one list. */
export const JOB_COLUMNS = [
  'id',
  'status',
  'source_path',
  'source_size',
  'source_mtime_ms',
  'source_hash',
  'source_fingerprint',
  'source_key',
  'output_path',
  'profile_name',
  'profile_json',
  'overrides_json',
  'priority',
  'queue_order',
  'source_action_json',
  'collision',
  'verify',
  'origin',
  'attempts',
  'progress_json',
  'error_code',
  'error_message',
  'error_stderr_json',
  'result_json',
  'temp_path',
  'ffmpeg_args_json',
  'search_text',
  'created_at',
  'started_at',
  'finished_at',
  'updated_at',
  'retry_at',
  'output_root',
] as const satisfies readonly (keyof JobRow)[];

const json = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);
const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

export function rowToRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    source: {
      path: row.source_path,
      size: row.source_size,
      mtimeMs: row.source_mtime_ms,
      ...(row.source_hash === null ? {} : { hash: row.source_hash }),
      ...(row.source_fingerprint === null ? {} : { fingerprint: row.source_fingerprint }),
    },
    outputPath: row.output_path,
    ...(row.output_root === null ? {} : { outputRoot: row.output_root }),
    profile: JSON.parse(row.profile_json),
    overrides: JSON.parse(row.overrides_json),
    priority: row.priority,
    sourceAction: JSON.parse(row.source_action_json),
    collision: row.collision,
    verify: row.verify === 1,
    origin: row.origin,
    createdAt: row.created_at,
    status: row.status,
    attempts: row.attempts,
    progress: parse(row.progress_json),
    error:
      row.error_code === null
        ? null
        : {
            code: row.error_code,
            message: row.error_message ?? '',
            stderrTail: parse<string[]>(row.error_stderr_json) ?? [],
          },
    result: parse(row.result_json),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
    retryAt: row.retry_at,
  };
}

export function rowToStored(row: JobRow): StoredJob {
  return {
    record: rowToRecord(row),
    extras: {
      tempPath: row.temp_path,
      ffmpegArgs: parse<string[]>(row.ffmpeg_args_json),
      queueOrder: row.queue_order,
    },
  };
}

/** Lower-cased paths the history search matches against. */
export function searchText(record: JobRecord): string {
  const paths = [record.source.path, record.outputPath];
  if (record.result && record.result.outputPath !== record.outputPath) paths.push(record.result.outputPath);
  return paths.join('\n').toLowerCase();
}

export function storedToParams({ record, extras }: StoredJob): SqlParams {
  return {
    id: record.id,
    status: record.status,
    source_path: record.source.path,
    source_size: record.source.size,
    source_mtime_ms: record.source.mtimeMs,
    source_hash: record.source.hash ?? null,
    source_fingerprint: record.source.fingerprint ?? null,
    source_key: storedKey(record.source),
    output_path: record.outputPath,
    profile_name: record.profile.name,
    profile_json: JSON.stringify(record.profile),
    overrides_json: JSON.stringify(record.overrides),
    priority: record.priority,
    queue_order: extras.queueOrder,
    source_action_json: JSON.stringify(record.sourceAction),
    collision: record.collision,
    verify: record.verify ? 1 : 0,
    origin: record.origin,
    attempts: record.attempts,
    progress_json: json(record.progress),
    error_code: record.error?.code ?? null,
    error_message: record.error?.message ?? null,
    error_stderr_json: record.error ? JSON.stringify(record.error.stderrTail) : null,
    result_json: json(record.result),
    temp_path: extras.tempPath,
    ffmpeg_args_json: json(extras.ffmpegArgs),
    search_text: searchText(record),
    created_at: record.createdAt,
    started_at: record.startedAt,
    finished_at: record.finishedAt,
    updated_at: record.updatedAt,
    retry_at: record.retryAt ?? null,
    output_root: record.outputRoot ?? null,
  };
}

/**
 * Applies a transition patch. Timestamps follow the status so the row always satisfies the table's invariants: a
 * finished job gets a finish time, a job back in the queue loses it, a job that starts running gets a start time.
 */
export function applyPatch(stored: StoredJob, patch: TransitionPatch, now: number): StoredJob {
  const { tempPath, ffmpegArgs, queueOrder, ...recordPatch } = patch;
  const defined = Object.fromEntries(
    Object.entries(recordPatch).filter(([key, value]) => key !== 'id' && value !== undefined),
  );
  const record: JobRecord = { ...stored.record, ...defined, updatedAt: patch.updatedAt ?? now };
  if (FINISHED_STATUSES.includes(record.status)) {
    record.finishedAt ??= now;
  } else if (patch.finishedAt === undefined) {
    record.finishedAt = null;
  }
  if (record.status === 'running' && record.startedAt === null) record.startedAt = now;
  return {
    record,
    extras: {
      tempPath: tempPath === undefined ? stored.extras.tempPath : tempPath,
      ffmpegArgs: ffmpegArgs === undefined ? stored.extras.ffmpegArgs : ffmpegArgs,
      queueOrder: queueOrder ?? stored.extras.queueOrder,
    },
  };
}

export const isActive = (status: JobStatus): boolean => ACTIVE_STATUSES.includes(status);
