import type { JobProgress, JobRecord } from '../../machines/types.ts';
import { BvpError } from '../errors.ts';
import { type Sql, sqliteCode, storeError } from './db.ts';
import {
  applyPatch,
  isActive,
  JOB_COLUMNS,
  type JobRow,
  rowToRecord,
  rowToStored,
  type StoredJob,
  storedToParams,
} from './rows.ts';
import { markSeen, outcomeForStatus, storedKey, syncSeenOutcome } from './seen.ts';
import { JOB_EVENT_TYPES, type JobEvent, type JobEventInput, type TransitionPatch } from './types.ts';

const ACTIVE_SQL = `('pending','running','paused')`;
const INSERT_SQL = `INSERT INTO jobs (${JOB_COLUMNS.join(', ')}) VALUES (${JOB_COLUMNS.map((c) => `:${c}`).join(', ')})`;
const UPDATE_SQL = `UPDATE jobs SET ${JOB_COLUMNS.filter((c) => c !== 'id')
  .map((c) => `${c} = :${c}`)
  .join(', ')} WHERE id = :id`;

export function loadStored(sql: Sql, id: string): StoredJob | null {
  const row = sql.get<JobRow>('SELECT * FROM jobs WHERE id = :id', { id });
  return row ? rowToStored(row) : null;
}

export function appendEvent(sql: Sql, jobId: string, event: JobEventInput, at: number): void {
  if (!JOB_EVENT_TYPES.includes(event.type)) {
    throw new BvpError('internal', `unknown job event type ${JSON.stringify(event.type)}`);
  }
  sql.run('INSERT INTO job_events (job_id, at, type, data_json) VALUES (:job_id, :at, :type, :data)', {
    job_id: jobId,
    at,
    type: event.type,
    data: event.data === undefined ? null : JSON.stringify(event.data),
  });
}

/** Writes a whole row; the active-identity index turns a second active job for one file into `job.duplicate`. */
export function writeStored(sql: Sql, stored: StoredJob, mode: 'insert' | 'update'): void {
  try {
    sql.run(mode === 'insert' ? INSERT_SQL : UPDATE_SQL, storedToParams(stored));
  } catch (error) {
    if (
      sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE' ||
      sqliteCode(error) === 'SQLITE_CONSTRAINT_PRIMARYKEY'
    ) {
      throw duplicateError(sql, stored.record, error);
    }
    throw storeError(error, `cannot write job ${stored.record.id}`);
  }
}

function duplicateError(sql: Sql, record: JobRecord, cause: unknown): BvpError {
  const other = sql.get<{ id: string }>(
    `SELECT id FROM jobs WHERE source_key = :key AND status IN ${ACTIVE_SQL} AND id <> :id`,
    { key: storedKey(record.source), id: record.id },
  );
  if (other) {
    return new BvpError('job.duplicate', `${record.source.path} is already queued as job ${other.id}`, {
      cause,
      details: { jobId: other.id, path: record.source.path },
    });
  }
  return new BvpError('job.duplicate', `a job with id ${record.id} already exists`, {
    cause,
    details: { jobId: record.id },
  });
}

/** Adds a job at the end of the dispatch order, its `created` event and its identity's `queued` mark, atomically. */
export function insertJob(sql: Sql, record: JobRecord, data: unknown, now: number): void {
  sql.transaction(() => {
    const order = sql.get<{ next: number }>(
      'SELECT COALESCE(MAX(queue_order), 0) + 1 AS next FROM jobs',
    )!.next;
    writeStored(sql, { record, extras: { tempPath: null, ffmpegArgs: null, queueOrder: order } }, 'insert');
    appendEvent(sql, record.id, { type: 'created', data }, record.createdAt);
    markSeen(sql, record.source, outcomeForStatus(record.status), { jobId: record.id }, now);
  });
}

/**
 * One transition = one transaction: the row and its timeline entry change together or not at all (the event is
 * written first, so a row that violates a constraint takes its event down with it). Returns the updated record.
 */
export function recordTransition(
  sql: Sql,
  id: string,
  patch: TransitionPatch,
  event: JobEventInput,
  now: number,
): JobRecord {
  return sql.transaction(() => {
    const stored = loadStored(sql, id);
    if (!stored) throw notFound(id);
    const next = applyPatch(stored, patch, now);
    appendEvent(sql, id, event, next.record.updatedAt);
    writeStored(sql, next, 'update');
    const wasActive = isActive(stored.record.status);
    if (isActive(next.record.status) && !wasActive) {
      // Back in the queue (retry): the job takes its identity back, so a rescan does not queue the file again.
      markSeen(sql, next.record.source, 'queued', { jobId: id }, now);
    } else if (next.record.status !== stored.record.status) {
      syncSeenOutcome(sql, next.record.source, id, next.record.status, now);
    }
    return next.record;
  });
}

/**
 * Live progress without a timeline entry. Only a running or paused job takes it, so a late report from a finished
 * encode cannot overwrite the final state. Returns whether it was written.
 */
export function updateProgress(sql: Sql, id: string, progress: JobProgress, now: number): boolean {
  const { changes } = sql.run(
    `UPDATE jobs SET progress_json = :progress, updated_at = :now WHERE id = :id AND status IN ('running','paused')`,
    { id, progress: JSON.stringify(progress), now },
  );
  if (changes === 0 && !sql.get('SELECT 1 AS x FROM jobs WHERE id = :id', { id })) throw notFound(id);
  return changes > 0;
}

/**
 * Persists the queue's order for the given active jobs: they keep the order slots they already hold, permuted into
 * the new sequence, so jobs not listed and jobs added later keep their places relative to them.
 */
export function reorder(
  sql: Sql,
  ids: readonly string[],
  event: { jobId: string; data?: unknown } | null,
  now: number,
): void {
  sql.transaction(() => {
    const slots: number[] = [];
    for (const id of ids) {
      const row = sql.get<{ queue_order: number; status: JobRecord['status'] }>(
        'SELECT queue_order, status FROM jobs WHERE id = :id',
        { id },
      );
      if (!row) throw notFound(id);
      if (!isActive(row.status))
        throw new BvpError('job.state', `job ${id} is ${row.status}, not in the queue`);
      slots.push(row.queue_order);
    }
    slots.sort((a, b) => a - b);
    ids.forEach((id, index) => {
      sql.run('UPDATE jobs SET queue_order = :order, updated_at = :now WHERE id = :id', {
        id,
        order: slots[index],
        now,
      });
    });
    if (event) appendEvent(sql, event.jobId, { type: 'moved', data: event.data }, now);
  });
}

export function getJob(sql: Sql, id: string): JobRecord | null {
  const row = sql.get<JobRow>('SELECT * FROM jobs WHERE id = :id', { id });
  return row ? rowToRecord(row) : null;
}

const DISPATCH_ORDER = 'ORDER BY priority DESC, queue_order ASC, created_at ASC, id ASC';

/** Pending, running and paused jobs in dispatch order: highest priority, then queue order, then oldest. */
export function listActive(sql: Sql): JobRecord[] {
  return sql
    .all<JobRow>(`SELECT * FROM jobs WHERE status IN ${ACTIVE_SQL} ${DISPATCH_ORDER}`)
    .map(rowToRecord);
}

/**
 * `listActive` with the store-only columns (queue order, temp file) read from the same rows, so a boot needs no
 * query per job. `withTempFile` keeps only jobs with a temp file on record: the only ones a crash can have left an
 * encoder, a temp file or a renamed output behind for.
 */
export function listActiveWithExtras(sql: Sql, filter: { withTempFile?: boolean } = {}): StoredJob[] {
  const temp = filter.withTempFile ? 'AND temp_path IS NOT NULL' : '';
  return sql
    .all<JobRow>(`SELECT * FROM jobs WHERE status IN ${ACTIVE_SQL} ${temp} ${DISPATCH_ORDER}`)
    .map(rowToStored);
}

/** A job's timeline, oldest first; empty for an unknown job. */
export function getTimeline(sql: Sql, id: string): JobEvent[] {
  return sql
    .all<{ id: number; job_id: string; at: number; type: string; data_json: string | null }>(
      'SELECT id, job_id, at, type, data_json FROM job_events WHERE job_id = :id ORDER BY id',
      { id },
    )
    .map((row) => ({
      id: row.id,
      jobId: row.job_id,
      at: row.at,
      type: row.type,
      data: row.data_json === null ? null : JSON.parse(row.data_json),
    }));
}

export function notFound(id: string): BvpError {
  return new BvpError('job.not_found', `no job ${id}`, { details: { jobId: id } });
}
