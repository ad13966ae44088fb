import { Buffer } from 'node:buffer';
import { FINISHED_STATUSES, JOB_STATUSES, type JobStatus } from '../../machines/types.ts';
import { BvpError } from '../errors.ts';
import type { Sql, SqlParams } from './db.ts';
import { type JobRow, rowToRecord } from './rows.ts';
import type { DeleteHistoryQuery, HistoryPage, HistoryQuery, ProfileStats, StoreStats } from './types.ts';

export const HISTORY_DEFAULT_LIMIT = 50;
export const HISTORY_MAX_LIMIT = 500;

interface Cursor {
  finishedAt: number;
  id: string;
}

/** Opaque to clients so the keyset behind it can change; base64url JSON of the last item's sort key. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.finishedAt, cursor.id])).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') {
      return { finishedAt: value[0], id: value[1] };
    }
  } catch {
    // Falls through to the error below: a mangled cursor is the caller's mistake, not a server fault.
  }
  throw new BvpError('usage', 'invalid history cursor', { details: { cursor: text } });
}

/** Finished statuses to look at: the filter, or all three; active statuses never count as history. */
function finishedFilter(status: readonly JobStatus[] | undefined, params: SqlParams): string | null {
  const wanted = FINISHED_STATUSES.filter((s) => status === undefined || status.includes(s));
  if (wanted.length === 0) return null;
  wanted.forEach((s, i) => {
    params[`s${i}`] = s;
  });
  // The unary + keeps SQLite off the dispatch index here: it would filter by status and then sort in a temp
  // B-tree; walking the history index (finished_at) and filtering is ~10x faster on a 10,000-job store.
  return `+status IN (${wanted.map((_, i) => `:s${i}`).join(', ')})`;
}

/** Finished jobs, newest first, a keyset page at a time (stable while new jobs finish). */
export function listHistory(sql: Sql, query: HistoryQuery = {}): HistoryPage {
  const limit = Math.min(
    HISTORY_MAX_LIMIT,
    Math.max(1, Math.trunc(query.limit ?? HISTORY_DEFAULT_LIMIT) || 1),
  );
  const params: SqlParams = { limit: limit + 1 };
  const statusWhere = finishedFilter(query.status, params);
  if (statusWhere === null) return { items: [], nextCursor: null };
  const where = ['finished_at IS NOT NULL', statusWhere];
  if (query.q !== undefined && query.q !== '') {
    where.push('instr(search_text, :q) > 0');
    params.q = query.q.toLowerCase();
  }
  if (query.before !== undefined) {
    where.push('finished_at < :before');
    params.before = query.before;
  }
  if (query.cursor !== undefined) {
    const cursor = decodeCursor(query.cursor);
    where.push('(finished_at < :cf OR (finished_at = :cf AND id < :cid))');
    params.cf = cursor.finishedAt;
    params.cid = cursor.id;
  }
  const rows = sql.all<JobRow>(
    `SELECT * FROM jobs WHERE ${where.join(' AND ')} ORDER BY finished_at DESC, id DESC LIMIT :limit`,
    params,
  );
  const items = rows.slice(0, limit).map(rowToRecord);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit && last ? encodeCursor({ finishedAt: last.finishedAt ?? 0, id: last.id }) : null;
  return { items, nextCursor };
}

/** Removes finished jobs (and, by cascade, their timelines). Active jobs are out of reach by construction. */
export function deleteHistory(sql: Sql, query: DeleteHistoryQuery = {}): number {
  const params: SqlParams = {};
  const statusWhere = finishedFilter(query.status, params);
  if (statusWhere === null) return 0;
  const where = ['finished_at IS NOT NULL', statusWhere];
  if (query.before !== undefined) {
    where.push('finished_at < :before');
    params.before = query.before;
  }
  return sql.transaction(() => sql.run(`DELETE FROM jobs WHERE ${where.join(' AND ')}`, params).changes);
}

export function countByStatus(sql: Sql): Record<JobStatus, number> {
  const counts = zeroCounts();
  for (const row of sql.all<{ status: JobStatus; n: number }>(
    'SELECT status, COUNT(*) AS n FROM jobs GROUP BY status',
  )) {
    counts[row.status] = row.n;
  }
  return counts;
}

interface StatsRow {
  profile: string;
  status: JobStatus;
  n: number;
  bytes_in: number;
  bytes_out: number;
  encode_s: number;
  media_s: number;
  timed_encode_s: number;
}

/**
 * Throughput figures from the results of finished jobs. The realtime factor only counts jobs whose media duration
 * is known, so an audio-only or unprobeable output does not skew it.
 */
export function stats(sql: Sql, options: { since?: number } = {}): StoreStats {
  const since = options.since ?? null;
  const rows = sql.all<StatsRow>(
    `SELECT profile_name AS profile, status, COUNT(*) AS n,
       TOTAL(json_extract(result_json, '$.inputBytes')) AS bytes_in,
       TOTAL(json_extract(result_json, '$.outputBytes')) AS bytes_out,
       TOTAL(json_extract(result_json, '$.encodeSeconds')) AS encode_s,
       TOTAL(json_extract(result_json, '$.durationSeconds')) AS media_s,
       TOTAL(CASE WHEN json_extract(result_json, '$.durationSeconds') IS NOT NULL
                  THEN json_extract(result_json, '$.encodeSeconds') END) AS timed_encode_s
     FROM jobs
     WHERE finished_at IS NOT NULL AND (:since IS NULL OR finished_at >= :since)
     GROUP BY profile_name, status
     ORDER BY profile_name`,
    { since },
  );
  const byStatus = zeroCounts();
  for (const row of sql.all<{ status: JobStatus; n: number }>(
    `SELECT status, COUNT(*) AS n FROM jobs WHERE status IN ('pending','running','paused') GROUP BY status`,
  )) {
    byStatus[row.status] = row.n;
  }
  const profiles = new Map<string, ProfileStats>();
  const completed = { count: 0, bytesIn: 0, bytesOut: 0, encodeSeconds: 0, mediaSeconds: 0 };
  let timedEncode = 0;
  for (const row of rows) {
    byStatus[row.status] += row.n;
    let profile = profiles.get(row.profile);
    if (!profile) {
      profile = {
        profile: row.profile,
        completed: 0,
        failed: 0,
        cancelled: 0,
        bytesIn: 0,
        bytesOut: 0,
        encodeSeconds: 0,
      };
      profiles.set(row.profile, profile);
    }
    if (row.status === 'completed' || row.status === 'failed' || row.status === 'cancelled')
      profile[row.status] += row.n;
    profile.bytesIn += row.bytes_in;
    profile.bytesOut += row.bytes_out;
    profile.encodeSeconds += row.encode_s;
    if (row.status === 'completed') {
      completed.count += row.n;
      completed.bytesIn += row.bytes_in;
      completed.bytesOut += row.bytes_out;
      completed.encodeSeconds += row.encode_s;
      completed.mediaSeconds += row.media_s;
      timedEncode += row.timed_encode_s;
    }
  }
  return {
    since,
    byStatus,
    byProfile: [...profiles.values()],
    completed: {
      ...completed,
      realtimeFactor: timedEncode > 0 ? completed.mediaSeconds / timedEncode : null,
    },
  };
}

function zeroCounts(): Record<JobStatus, number> {
  return Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
}
