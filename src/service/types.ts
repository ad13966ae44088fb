import type { MediaSummary } from '../../machines/media-summary.ts';
import type {
  CollisionPolicy,
  JobErrorInfo,
  JobOverrides,
  JobProgress,
  JobResult,
  JobStatus,
  SourceAction,
  VerifyCheckInfo,
} from '../../machines/types.ts';
import type { MediaInfo } from '../media/media-info.ts';
import type { ProfileSupport } from '../profiles/capability.ts';
import type { Profile } from '../profiles/schema.ts';
import type { ServiceListener } from './events.ts';
import type { QueueRowsView } from './queue-rows.ts';

/**
 * The service facade: what the CLI, the HTTP API and the watcher use to drive the queue. Implemented in
 * src/service/service.ts on top of the queue actor and the store. Every command either succeeds or throws a BvpError
 * whose code the HTTP layer maps to a status (job.not_found → 404, job.state → 409, …).
 */

/** A job as every view shows it (REST, WebSocket, CLI). */
export interface JobView {
  id: string;
  status: JobStatus;
  /** running sub-state while active: probing, encoding, verifying, finalizing. */
  phase: string | null;
  source: { path: string; size: number; mtimeMs: number };
  outputPath: string;
  profile: string;
  priority: number;
  attempts: number;
  progress: JobProgress | null;
  error: JobErrorInfo | null;
  result: JobResult | null;
  origin: string;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  updatedAt: number;
  /** Set while a job that failed for a passing reason (a full disk, a stall) waits to run again: when it will. */
  retryAt: number | null;
}

export interface JobTimelineEntry {
  at: number;
  type: string;
  data: unknown;
}

export interface JobDetailView extends JobView {
  overrides: JobOverrides;
  profileSettings: Profile;
  sourceAction: SourceAction;
  collision: CollisionPolicy;
  ffmpegArgs: string[] | null;
  timeline: JobTimelineEntry[];
  /** Whether the output is verified before it gets its final name. */
  verify: boolean;
  /** Every verification check of the last run that got that far; null when none was recorded (or verify is off). */
  verification: VerifyCheckInfo[] | null;
  /** The source as probed before the encode; null when no run got that far (or the record predates it). */
  sourceMedia: MediaSummary | null;
}

export interface SubmitRequest {
  source: string;
  profile: string;
  /** Output path; default derived by the caller's rules or beside the source. */
  output?: string;
  priority?: number;
  overrides?: JobOverrides;
  sourceAction?: SourceAction;
  collision?: CollisionPolicy;
  verify?: boolean;
  origin?: string;
  /**
   * What the hot folder's intake proved about the source before submitting it: its size and mtime held still for
   * the stable window, and ffprobe read it as media. The job takes this identity instead of a fresh stat and this
   * MediaInfo instead of a second ffprobe; its start check still compares the file with this identity.
   */
  settled?: { size: number; mtimeMs: number; info: MediaInfo };
}

export type QueueCounts = Record<JobStatus, number>;

export interface QueueView {
  state: 'running' | 'paused';
  concurrency: number;
  jobs: JobView[];
  counts: QueueCounts;
}

export interface HistoryQuery {
  status?: JobStatus[];
  q?: string;
  limit?: number;
  cursor?: string;
  before?: number;
}

export interface HistoryPage {
  items: JobView[];
  nextCursor: string | null;
}

export type MoveTarget = { to: 'top' | 'bottom' } | { to: 'before' | 'after'; job: string };

/** Everything streamed to subscribers (WebSocket, CLI progress lines, logs, metrics, webhooks): see events.ts. */
export type { ServiceEvent, ServiceListener } from './events.ts';

export interface StatusView {
  state: 'running' | 'paused' | 'stopping';
  /** The queue is paused by the operator: nothing new starts. Not `counts.paused`, which counts paused jobs. */
  paused: boolean;
  /** The queue dispatches jobs (not paused, not stopping). */
  running: boolean;
  /** When the operator paused the queue (ms since the epoch; survives a restart), null unless paused. */
  pausedSince: number | null;
  concurrency: number;
  counts: QueueCounts;
  uptimeSeconds: number;
  watch: Array<{ path: string; watching: boolean; settling: number; ignored: number; rejected: number }>;
}

export interface StatsView {
  since: number;
  perStatus: QueueCounts;
  perProfile: Record<string, number>;
  bytesIn: number;
  bytesOut: number;
  encodeSeconds: number;
  mediaSeconds: number;
  /** Seconds of media encoded per wall-clock second of encoding. */
  realtimeFactor: number | null;
  /** Completed and failed jobs per UTC hour over the last 24 hours, oldest first, every hour present. */
  perHour: Array<{ hour: string; completed: number; failed: number }>;
}

/** ffmpeg's stderr for a job: the live tail while it runs, the stored tail once it finished. */
export interface JobLogView {
  lines: string[];
  /** True while the job is active (running or paused): the lines are live and will grow. */
  running: boolean;
}

/** A job's poster frame (JPEG) or, for audio-only sources, its waveform (PNG). */
export interface PosterImage {
  bytes: Uint8Array;
  contentType: 'image/jpeg' | 'image/png';
  /** Strong validator: changes only when the source identity (path, size, mtime) does. */
  etag: string;
}

/** The facade's commands. All throw BvpError on refusal; none throws for a state the job is already in. */
export interface ServiceApi {
  submit(request: SubmitRequest): Promise<JobView>;
  /** Whether the ffmpeg in use can run a profile (encoders present), and why not. */
  profileSupport?(profile: Profile): ProfileSupport;
  pauseQueue(): void;
  resumeQueue(): void;
  /** Pending jobs → cancelled; never a running one. Returns how many were cancelled. */
  clearQueue(): number;
  setConcurrency(value: number): void;
  pauseJob(id: string): JobView;
  resumeJob(id: string): JobView;
  cancelJob(id: string): JobView;
  retryJob(id: string, options?: { rerun?: boolean }): JobView;
  setPriority(id: string, priority: number): JobView;
  moveJob(id: string, target: MoveTarget): JobView;
  getJob(id: string): JobDetailView;
  queue(): QueueView;
  /** The queue as compact rows for a list (the dashboard's snapshot); optional for facades that lack it. */
  queueRows?(): QueueRowsView;
  history(query: HistoryQuery): HistoryPage;
  /** Bulk: retry every finished job matching the filter; returns the ids retried. */
  retryWhere(query: { status: JobStatus[] }): string[];
  /** Bulk: delete finished jobs from history; returns how many. Never touches active jobs. */
  deleteHistory(query: { status?: JobStatus[]; before?: number }): number;
  stats(query?: { since?: number }): StatsView;
  status(): StatusView;
  /** The job's poster (made once per source identity, cached); `job.not_found`, `poster.unavailable`. */
  poster(id: string): Promise<PosterImage>;
  /** The last `lines` (default 50) lines of ffmpeg's stderr for the job; `job.not_found`. */
  jobLog(id: string, lines?: number): JobLogView;
  subscribe(listener: ServiceListener): () => void;
  /**
   * Stop dispatching; let running jobs finish for the grace period, then interrupt them (resumed next start).
   * `signal` ends the grace period early (a second Ctrl+C): what still runs is interrupted and requeued at once.
   */
  stop(options?: { graceSeconds?: number; signal?: AbortSignal }): Promise<void>;
}
