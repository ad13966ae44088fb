import { identityKey, type JobStatus, type SourceIdentity } from '../../machines/types.ts';
import type { Sql } from './db.ts';
import type { SeenOutcome, SeenRecord } from './types.ts';

interface SeenRow {
  identity_key: string;
  path: string;
  size: number;
  mtime_ms: number;
  first_seen_at: number;
  updated_at: number;
  outcome: SeenOutcome;
  job_id: string | null;
  reason: string | null;
}

/** Outcomes that mean "this identity got a job": the watcher must not queue it again, across restarts. */
const BLOCKING: readonly SeenOutcome[] = ['queued', 'completed', 'failed', 'cancelled'];

/**
 * The stored form of an identity key. identityKey() separates fields with NUL, and libsql returns TEXT cut at the
 * first NUL (the bytes are stored whole, but read back truncated), so the key is kept JSON-escaped.
 */
export function storedKey(identity: SourceIdentity): string {
  return JSON.stringify(identityKey(identity));
}

export function outcomeForStatus(status: JobStatus): SeenOutcome {
  switch (status) {
    case 'completed':
    case 'failed':
    case 'cancelled':
      return status;
    default:
      return 'queued';
  }
}

/**
 * Records what happened to an identity, keeping its first sighting. An outcome without a job (rejected, ignored)
 * never overwrites one with a job: a late intake verdict must not reopen a file that was already queued.
 */
export function markSeen(
  sql: Sql,
  identity: SourceIdentity,
  outcome: SeenOutcome,
  options: { jobId?: string | null; reason?: string | null },
  now: number,
): SeenRecord {
  const key = storedKey(identity);
  sql.run(
    `INSERT INTO seen_sources (identity_key, path, size, mtime_ms, first_seen_at, updated_at, outcome, job_id, reason)
     VALUES (:key, :path, :size, :mtime, :now, :now, :outcome, :job_id, :reason)
     ON CONFLICT (identity_key) DO UPDATE SET
       updated_at = excluded.updated_at, outcome = excluded.outcome, job_id = excluded.job_id, reason = excluded.reason
     WHERE NOT (seen_sources.job_id IS NOT NULL AND excluded.job_id IS NULL)`,
    {
      key,
      path: identity.path,
      size: identity.size,
      mtime: identity.mtimeMs,
      now,
      outcome,
      job_id: options.jobId ?? null,
      reason: options.reason ?? null,
    },
  );
  return getSeenByKey(sql, key)!;
}

/** Follows a job's status onto its identity, but only while that job still owns the identity. */
export function syncSeenOutcome(
  sql: Sql,
  identity: SourceIdentity,
  jobId: string,
  status: JobStatus,
  now: number,
): void {
  sql.run(
    `UPDATE seen_sources SET outcome = :outcome, updated_at = :now
     WHERE identity_key = :key AND job_id = :job_id AND outcome <> :outcome`,
    { key: storedKey(identity), job_id: jobId, outcome: outcomeForStatus(status), now },
  );
}

export function getSeen(sql: Sql, identity: SourceIdentity): SeenRecord | null {
  return getSeenByKey(sql, storedKey(identity));
}

export function isQueuedOrDone(sql: Sql, identity: SourceIdentity): boolean {
  const seen = getSeen(sql, identity);
  return seen !== null && BLOCKING.includes(seen.outcome);
}

function getSeenByKey(sql: Sql, key: string): SeenRecord | null {
  const row = sql.get<SeenRow>('SELECT * FROM seen_sources WHERE identity_key = :key', { key });
  if (!row) return null;
  return {
    identityKey: JSON.parse(row.identity_key) as string,
    path: row.path,
    size: row.size,
    mtimeMs: row.mtime_ms,
    firstSeenAt: row.first_seen_at,
    updatedAt: row.updated_at,
    outcome: row.outcome,
    jobId: row.job_id,
    reason: row.reason,
  };
}
