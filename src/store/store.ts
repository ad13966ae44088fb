import type { JobProgress, JobRecord, JobStatus, SourceIdentity } from '../../machines/types.ts';
import { BvpError } from '../errors.ts';
import { openSql, type Sql, type Synchronous, storeError } from './db.ts';
import { countByStatus, deleteHistory, listHistory, stats } from './history.ts';
import * as jobs from './jobs.ts';
import { applyMigrations, readVersion } from './migrations.ts';
import { type HourCount, perHour } from './per-hour.ts';
import { getQueuePause, type QueuePauseState, setQueuePause } from './queue-state.ts';
import { recover } from './recover.ts';
import type { StoredJob } from './rows.ts';
import { getSeen, isQueuedOrDone, markSeen } from './seen.ts';
import type {
  DeleteHistoryQuery,
  HistoryPage,
  HistoryQuery,
  JobEvent,
  JobEventInput,
  JobStoreExtras,
  RecoverOptions,
  RecoveryReport,
  SeenOutcome,
  SeenRecord,
  StoreStats,
  TransitionPatch,
} from './types.ts';

export interface StoreOptions {
  /**
   * `full` (default): each commit is fsynced to the WAL before it returns, so a transition the service acted on
   * (source deleted after `completed`) survives a power cut. `normal` only syncs at checkpoints: never corrupt, but
   * the last commits can vanish — acceptable for throwaway stores (tests, benchmarks), not on a show machine.
   */
  synchronous?: Synchronous;
  /** How long a write waits for another connection (the CLI, a second process) before failing; default 5000. */
  busyTimeoutMs?: number;
  /** Clock for `updatedAt` and event times; injected so tests are deterministic. */
  now?: () => number;
}

/** The durable job store: rows are the truth about jobs, events their timeline, seen sources the ingest memory. */
export interface Store {
  readonly file: string;
  readonly schemaVersion: number;
  /** Adds a job with its `created` event and marks its source identity queued; `job.duplicate` if already active. */
  insertJob(record: JobRecord, event?: { data?: unknown }): void;
  /** Updates a job and appends one timeline event in a single transaction; returns the updated record. */
  recordTransition(id: string, patch: TransitionPatch, event: JobEventInput): JobRecord;
  /** Live progress, no event; ignored (false) unless the job is running or paused. */
  updateProgress(id: string, progress: JobProgress): boolean;
  /** Persists a new queue order for active jobs (+ a `moved` event for the job the operator moved). */
  reorder(ids: readonly string[], event?: { jobId: string; data?: unknown }): void;
  getJob(id: string): JobRecord | null;
  /** Store-only columns (temp file, ffmpeg arguments, queue slot). */
  getJobExtras(id: string): JobStoreExtras | null;
  getTimeline(id: string): JobEvent[];
  listActive(): JobRecord[];
  /**
   * Active jobs in dispatch order with their store-only columns, in one query; `withTempFile`: only those with a
   * temp file on record (what boot recovery looks at).
   */
  listActiveWithExtras(filter?: { withTempFile?: boolean }): StoredJob[];
  listHistory(query?: HistoryQuery): HistoryPage;
  countByStatus(): Record<JobStatus, number>;
  stats(options?: { since?: number }): StoreStats;
  /** Completed and failed jobs per hour over the last `hours` (default 24) hours ending now, oldest first. */
  perHour(now: number, hours?: number): HourCount[];
  deleteHistory(query?: DeleteHistoryQuery): number;
  markSeen(
    identity: SourceIdentity,
    outcome: SeenOutcome,
    options?: { jobId?: string | null; reason?: string | null },
  ): SeenRecord;
  getSeen(identity: SourceIdentity): SeenRecord | null;
  /** True when the identity already got a job (queued, completed, failed or cancelled): do not queue it again. */
  isQueuedOrDone(identity: SourceIdentity): boolean;
  recover(options: RecoverOptions): RecoveryReport;
  /** The operator's queue pause, kept across restarts. */
  getQueuePause(): QueuePauseState;
  setQueuePause(paused: boolean): void;
  close(): void;
}

/**
 * Opens (creating if needed) the store at `file`, in WAL mode, and migrates its schema.
 *
 * @example
 * const store = openStore('./data/bvp.db');
 * const report = store.recover({ now: Date.now(), removeFile: (p) => rmSync(p, { force: true }) });
 */
export function openStore(file: string, options: StoreOptions = {}): Store {
  const now = options.now ?? Date.now;
  const sql = openSql(file, {
    synchronous: options.synchronous ?? 'full',
    busyTimeoutMs: options.busyTimeoutMs ?? 5000,
  });
  let schemaVersion: number;
  try {
    applyMigrations(sql);
    schemaVersion = readVersion(sql);
    sql.run('INSERT OR IGNORE INTO meta (key, value) VALUES (:key, :value)', {
      key: 'created_at',
      value: String(now()),
    });
  } catch (error) {
    sql.close();
    throw storeError(error, `cannot prepare the store at ${file}`);
  }
  let open = true;

  // Every call goes through here: a closed store and a libsql failure both surface as BvpError 'store.io'.
  const use = <T>(what: string, fn: (db: Sql) => T): T => {
    if (!open) throw new BvpError('store.io', `the store at ${file} is closed`);
    try {
      return fn(sql);
    } catch (error) {
      throw storeError(error, what);
    }
  };

  return {
    file,
    schemaVersion,
    insertJob: (record, event) =>
      use('cannot insert a job', (db) => jobs.insertJob(db, record, event?.data, now())),
    recordTransition: (id, patch, event) =>
      use(`cannot record ${event.type} for job ${id}`, (db) =>
        jobs.recordTransition(db, id, patch, event, now()),
      ),
    updateProgress: (id, progress) =>
      use(`cannot save progress of job ${id}`, (db) => jobs.updateProgress(db, id, progress, now())),
    reorder: (ids, event) =>
      use('cannot reorder the queue', (db) => jobs.reorder(db, ids, event ?? null, now())),
    getJob: (id) => use(`cannot read job ${id}`, (db) => jobs.getJob(db, id)),
    getJobExtras: (id) => use(`cannot read job ${id}`, (db) => jobs.loadStored(db, id)?.extras ?? null),
    getTimeline: (id) => use(`cannot read the timeline of job ${id}`, (db) => jobs.getTimeline(db, id)),
    listActive: () => use('cannot list the queue', (db) => jobs.listActive(db)),
    listActiveWithExtras: (filter) =>
      use('cannot list the queue', (db) => jobs.listActiveWithExtras(db, filter)),
    listHistory: (query) => use('cannot list history', (db) => listHistory(db, query)),
    countByStatus: () => use('cannot count jobs', (db) => countByStatus(db)),
    stats: (statsOptions) => use('cannot compute stats', (db) => stats(db, statsOptions)),
    perHour: (at, hours) => use('cannot count jobs per hour', (db) => perHour(db, at, hours)),
    deleteHistory: (query) => use('cannot delete history', (db) => deleteHistory(db, query)),
    markSeen: (identity, outcome, seenOptions = {}) =>
      use(`cannot record ${identity.path}`, (db) => markSeen(db, identity, outcome, seenOptions, now())),
    getSeen: (identity) => use(`cannot read ${identity.path}`, (db) => getSeen(db, identity)),
    isQueuedOrDone: (identity) => use(`cannot read ${identity.path}`, (db) => isQueuedOrDone(db, identity)),
    recover: (recoverOptions) => use('cannot recover jobs', (db) => recover(db, recoverOptions)),
    getQueuePause: () => use('cannot read the queue state', (db) => getQueuePause(db)),
    setQueuePause: (paused) => use('cannot save the queue state', (db) => setQueuePause(db, paused, now())),
    close: () => {
      if (!open) return;
      open = false;
      sql.close();
    },
  };
}
