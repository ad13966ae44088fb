import { BvpError } from '../errors.ts';
import type { Sql } from './db.ts';

export interface Migration {
  /** The `user_version` the database has after this migration; 1, 2, 3, … without gaps. */
  version: number;
  name: string;
  sql: string;
}

const ACTIVE = `('pending','running','paused')`;

/**
 * The schema's history. Append only: a released migration never changes, because stores in the field already ran it.
 * `search_text` holds the lower-cased paths (JavaScript's Unicode-aware lowering; SQLite's lower() is ASCII only)
 * for history search.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'jobs, job_events, seen_sources, meta',
    sql: `
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY NOT NULL,
        status TEXT NOT NULL
          CHECK (status IN ('pending','running','paused','completed','failed','cancelled')),
        source_path TEXT NOT NULL,
        source_size INTEGER NOT NULL CHECK (source_size >= 0),
        source_mtime_ms REAL NOT NULL,
        source_hash TEXT,
        source_key TEXT NOT NULL,
        output_path TEXT NOT NULL,
        profile_name TEXT NOT NULL,
        profile_json TEXT NOT NULL,
        overrides_json TEXT NOT NULL,
        priority INTEGER NOT NULL,
        queue_order INTEGER NOT NULL,
        source_action_json TEXT NOT NULL,
        collision TEXT NOT NULL CHECK (collision IN ('suffix','overwrite','fail')),
        verify INTEGER NOT NULL CHECK (verify IN (0, 1)),
        origin TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        progress_json TEXT,
        error_code TEXT,
        error_message TEXT,
        error_stderr_json TEXT,
        result_json TEXT,
        temp_path TEXT,
        ffmpeg_args_json TEXT,
        search_text TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        updated_at INTEGER NOT NULL,
        -- A finished job always has a finish time (history pages on it); an active one never does.
        CHECK ((status IN ${ACTIVE}) = (finished_at IS NULL))
      );
      CREATE INDEX jobs_dispatch ON jobs (status, priority DESC, queue_order, created_at);
      CREATE INDEX jobs_history ON jobs (finished_at DESC, id DESC) WHERE finished_at IS NOT NULL;
      CREATE INDEX jobs_profile ON jobs (profile_name, finished_at);
      -- The database itself refuses a second active job for one source identity.
      CREATE UNIQUE INDEX jobs_active_source ON jobs (source_key) WHERE status IN ${ACTIVE};

      CREATE TABLE job_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        type TEXT NOT NULL,
        data_json TEXT
      );
      CREATE INDEX job_events_job ON job_events (job_id, id);

      -- No foreign key to jobs: deleting history must not forget that a file was processed.
      CREATE TABLE seen_sources (
        identity_key TEXT PRIMARY KEY NOT NULL,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        first_seen_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        outcome TEXT NOT NULL
          CHECK (outcome IN ('queued','completed','failed','cancelled','rejected','ignored')),
        job_id TEXT,
        reason TEXT
      );
      CREATE INDEX seen_sources_path ON seen_sources (path);

      CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    name: "queue_state: the operator's queue pause survives a restart",
    sql: `
      -- One row: a restart on show day must not start encoding when the operator had paused the queue.
      CREATE TABLE queue_state (
        id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
        paused INTEGER NOT NULL CHECK (paused IN (0, 1)),
        paused_at INTEGER,
        CHECK ((paused = 1) = (paused_at IS NOT NULL))
      );
      INSERT INTO queue_state (id, paused, paused_at) VALUES (1, 0, NULL);
    `,
  },
  {
    version: 3,
    name: 'source fingerprint',
    // The partial hash taken at submit, checked before a source is deleted or moved (not part of the identity key).
    sql: 'ALTER TABLE jobs ADD COLUMN source_fingerprint TEXT;',
  },
  {
    version: 4,
    name: 'webhook deliveries',
    // A delivery is stored before it is sent, so one pending at a crash is sent after the restart.
    sql: `
      CREATE TABLE webhook_deliveries (
        id TEXT PRIMARY KEY NOT NULL,
        url TEXT NOT NULL,
        event_type TEXT NOT NULL,
        body TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending','delivered','failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER NOT NULL,
        last_status INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (next_at) WHERE status = 'pending';
      CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (created_at DESC, id DESC);
    `,
  },
  {
    version: 5,
    name: 'retry time and output root',
    // When a job that failed for a passing reason (a full disk) runs again; the output folder as resolved at submit,
    // which the encode compares against before it writes and before it renames.
    sql: `
      ALTER TABLE jobs ADD COLUMN retry_at INTEGER;
      ALTER TABLE jobs ADD COLUMN output_root TEXT;
    `,
  },
];

/** The schema version this code writes. */
export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
}

/**
 * Brings the database to the latest version: every pending migration and the new `user_version` in one transaction,
 * so a crash mid-upgrade leaves the old schema intact. Refuses a database written by a newer Bulletproof rather than
 * guess at a schema it does not know. Returns the versions applied (empty when up to date).
 */
export function applyMigrations(sql: Sql, migrations: readonly Migration[] = MIGRATIONS): number[] {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new BvpError(
        'internal',
        `migration ${migration.name} has version ${migration.version}, expected ${index + 1}`,
      );
    }
  });
  const latest = latestVersion(migrations);
  const check = (current: number): void => {
    if (current > latest) {
      throw new BvpError(
        'store.io',
        `the store ${sql.file} has schema version ${current}, newer than this Bulletproof knows (${latest}); ` +
          'upgrade Bulletproof or point it at another data folder',
        { details: { version: current, supported: latest } },
      );
    }
  };
  check(readVersion(sql));
  if (readVersion(sql) === latest) return [];
  // Read again under the write lock: another process may have migrated between the check and the lock.
  return sql.transaction(() => {
    const current = readVersion(sql);
    check(current);
    const pending = migrations.filter((migration) => migration.version > current);
    for (const migration of pending) sql.exec(migration.sql);
    if (pending.length > 0) sql.exec(`PRAGMA user_version = ${latest}`);
    return pending.map((migration) => migration.version);
  });
}

export function readVersion(sql: Sql): number {
  return Number(sql.pragma('user_version') ?? 0);
}
