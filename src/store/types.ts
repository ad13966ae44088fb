import type { JobRecord, JobStatus } from '../../machines/types.ts';

/** Every kind of entry the job timeline holds. The list is closed so views can switch on it. */
export const JOB_EVENT_TYPES = [
  'created',
  'started',
  'paused',
  'resumed',
  'progress',
  'verified',
  'completed',
  'failed',
  'cancelled',
  'interrupted',
  'retried',
  'due',
  'priority',
  'moved',
] as const;
export type JobEventType = (typeof JOB_EVENT_TYPES)[number];

/** One timeline entry, as read back. `data` is whatever the writer attached (JSON), or null. */
export interface JobEvent {
  id: number;
  jobId: string;
  at: number;
  type: string;
  data: unknown;
}

/** What a caller appends with a transition. */
export interface JobEventInput {
  type: JobEventType;
  data?: unknown;
}

/**
 * A transition's changes. Columns that exist only in the store ride along: the temp file (so boot recovery can remove
 * it), the ffmpeg arguments actually used, and the dispatch order. `null` clears a nullable column; `undefined`
 * leaves it as it was. The id never changes.
 */
export type TransitionPatch = Partial<Omit<JobRecord, 'id'>> & {
  tempPath?: string | null;
  ffmpegArgs?: string[] | null;
  queueOrder?: number;
};

/** Store-only columns of a job, for callers that need them (recovery, diagnostics). */
export interface JobStoreExtras {
  tempPath: string | null;
  ffmpegArgs: string[] | null;
  queueOrder: number;
}

/**
 * What the store remembers about a source identity. Outcomes that tie the identity to a job (queued, completed,
 * failed, cancelled) stop it from being queued again; `rejected` and `ignored` do not, so a restart with a fixed
 * ffprobe or a new rule can look at the file again.
 */
export const SEEN_OUTCOMES = ['queued', 'completed', 'failed', 'cancelled', 'rejected', 'ignored'] as const;
export type SeenOutcome = (typeof SEEN_OUTCOMES)[number];

export interface SeenRecord {
  identityKey: string;
  path: string;
  size: number;
  mtimeMs: number;
  firstSeenAt: number;
  updatedAt: number;
  outcome: SeenOutcome;
  jobId: string | null;
  reason: string | null;
}

export interface HistoryQuery {
  /** Finished statuses to include (active statuses never appear in history); default all three. */
  status?: readonly JobStatus[];
  /** Case-insensitive substring of the source or output path. */
  q?: string;
  /** Page size; default 50, at most 500. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Only jobs finished strictly before this time (ms since epoch). */
  before?: number;
}

export interface HistoryPage {
  items: JobRecord[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface DeleteHistoryQuery {
  status?: readonly JobStatus[];
  /** Only jobs finished strictly before this time. */
  before?: number;
}

export interface ProfileStats {
  profile: string;
  completed: number;
  failed: number;
  cancelled: number;
  bytesIn: number;
  bytesOut: number;
  encodeSeconds: number;
}

export interface StoreStats {
  since: number | null;
  /** Active statuses count what is there now; finished ones count jobs finished since `since`. */
  byStatus: Record<JobStatus, number>;
  byProfile: ProfileStats[];
  /** Totals over completed jobs (since `since`). */
  completed: {
    count: number;
    bytesIn: number;
    bytesOut: number;
    encodeSeconds: number;
    /** Media seconds of the outputs whose duration is known. */
    mediaSeconds: number;
    /** Media seconds per encode second over jobs with a known duration; null when there are none. */
    realtimeFactor: number | null;
  };
}

export interface RecoverOptions {
  /** Interrupted runs a job may accumulate before it is failed; default 3. */
  maxAttempts?: number;
  now: number;
  /** Removes a file; ENOENT is treated as already gone. Injected so recovery is testable without a disk. */
  removeFile: (path: string) => void;
}

export interface TempFileCleanup {
  jobId: string;
  path: string;
  removed: boolean;
  /** Why removal failed (other than ENOENT); the job is recovered regardless. */
  error?: string;
}

export interface RecoveryReport {
  /** Every job to hand back to the queue (pending and paused, including the interrupted ones), in dispatch order. */
  restored: JobRecord[];
  /** The same jobs with their store-only columns (queue order), from the same query. */
  restoredWithExtras: Array<{ record: JobRecord; extras: JobStoreExtras }>;
  /** Jobs that were running at the crash and are pending again. */
  interrupted: JobRecord[];
  /** Jobs that were running at the crash and ran out of attempts. */
  failedAfterInterrupt: JobRecord[];
  tempFiles: TempFileCleanup[];
}
