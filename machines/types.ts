import type { MediaSummary } from './media-summary.ts';
import type { Profile } from './profile.ts';

/** The six statuses every view shows. Sub-states of the job machine flatten onto these. */
export const JOB_STATUSES = ['pending', 'running', 'paused', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const ACTIVE_STATUSES: readonly JobStatus[] = ['pending', 'running', 'paused'];
export const FINISHED_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];

/** A source file's identity: a changed file (size or mtime) is a new identity and may be processed again. */
export interface SourceIdentity {
  path: string;
  size: number;
  mtimeMs: number;
  /** Optional partial hash (first/last MiB) for folders where mtime cannot be trusted. */
  hash?: string;
  /**
   * Partial hash (size, first and last MiB) taken when the job was submitted. Not part of the key (a scan cannot
   * afford to read every file); checked before the output is given its final name and before a source action.
   */
  fingerprint?: string;
}

export function identityKey(id: SourceIdentity): string {
  return `${id.path}\u0000${id.size}\u0000${Math.trunc(id.mtimeMs)}${id.hash ? `\u0000${id.hash}` : ''}`;
}

export type SourceAction = { kind: 'keep' } | { kind: 'delete' } | { kind: 'move'; folder: string };
export type CollisionPolicy = 'suffix' | 'overwrite' | 'fail';

/** Per-job overrides of the profile (CLI flags, API fields). */
export interface JobOverrides {
  preset?: 'fast' | 'normal' | 'slow';
  keyframeSeconds?: number;
  resolution?: { width: number; height: number };
  audioSampleRate?: number;
  /** Normalise to this integrated loudness (LUFS), in place of the profile's target or in addition to none. */
  loudnessLufs?: number;
  /** Seconds of clip a still image becomes, in place of the profile's `still_duration`. */
  stillSeconds?: number;
}

/** EBU R128 figures of one audio stream (null: silence, or not measurable). */
export interface LoudnessFigures {
  integratedLufs: number | null;
  truePeakDb: number | null;
  lraLu: number | null;
}

/** What loudness handling did to a job's audio: the target, how it was applied, and source/output figures. */
export interface JobLoudness {
  /** The profile's (or override's) target; null when the job only measures, with no target to compare against. */
  targetLufs: number | null;
  truePeakDb: number | null;
  /** `linear`: one gain for the whole file; `dynamic`: loudnorm's compressor; `measured`: not normalised. */
  mode: 'linear' | 'dynamic' | 'measured' | 'silent';
  /** Per output audio stream, in output order. */
  streams: Array<{ source: LoudnessFigures | null; output: LoudnessFigures | null }>;
  /** Why the output's figures are missing: the measurement failed (the job itself stands). */
  unmeasured?: string;
}

/** Everything needed to run a job, fixed when the job is created. */
export interface JobSpec {
  id: string;
  source: SourceIdentity;
  /** The final output path wanted; the collision policy may pick another name at finalization. */
  outputPath: string;
  /**
   * The output folder's real path (symbolic links resolved) when the job was submitted. The encode checks that the
   * output's folder still resolves inside it before the temp file is created and before the rename, so a folder
   * swapped for a symbolic link while the job waited cannot carry the file elsewhere.
   */
  outputRoot?: string;
  /** Resolved at submission, so a later config reload does not change a queued job. */
  profile: Profile;
  overrides: JobOverrides;
  priority: number;
  sourceAction: SourceAction;
  collision: CollisionPolicy;
  verify: boolean;
  /** Which rule or origin created the job ("api", "cli", "rule:masters"). */
  origin: string;
  /** ms since epoch; with priority, orders dispatch (highest priority, then oldest). */
  createdAt: number;
}

export interface JobProgress {
  percent: number;
  fps: number | null;
  speed: number | null;
  etaSeconds: number | null;
  /** Seconds of output written so far. */
  outTimeSeconds: number;
}

export interface JobErrorInfo {
  code: string;
  message: string;
  stderrTail: string[];
  /** Every verification check, when verification is what failed. */
  checks?: VerifyCheckInfo[];
  /** The source as probed, when the failure came after the probe. */
  sourceMedia?: MediaSummary;
}

/** One verification check of an output, as the job keeps it. */
export interface VerifyCheckInfo {
  /** Stable identifier: 'container', 'video.codec', 'audio.sample_rate', 'duration', 'keyframes', … */
  name: string;
  ok: boolean;
  expected: string;
  actual: string;
  message?: string;
}

export interface JobResult {
  outputPath: string;
  outputBytes: number;
  inputBytes: number;
  durationSeconds: number | null;
  encodeSeconds: number;
  ffmpegArgs: string[];
  /** The last lines of ffmpeg's stderr (kept in the store for the job's log; not part of the job views). */
  stderrTail?: string[];
  /** The output's loudness: present for every job whose output has audio, unless the profile turns it off. */
  loudness?: JobLoudness;
  /** The separate WAV written beside the output (profile `audio.sidecar_wav`). */
  sidecarPath?: string;
  /** Every verification check (absent when verification was off, and in records made before checks were kept). */
  checks?: VerifyCheckInfo[];
  /** The source as probed before the encode (absent in records made before it was kept). */
  sourceMedia?: MediaSummary;
}

/** A job as stored and as views see it. */
export interface JobRecord extends JobSpec {
  status: JobStatus;
  attempts: number;
  progress: JobProgress | null;
  error: JobErrorInfo | null;
  result: JobResult | null;
  startedAt: number | null;
  finishedAt: number | null;
  updatedAt: number;
  /**
   * When a job that failed for a passing reason (see machines/retry-rule.ts) runs again, ms since epoch; null or
   * absent when it is not waiting for a retry.
   */
  retryAt?: number | null;
}

/**
 * Contract between the job machine and the transcode actor (src/media supplies the implementation through
 * `machine.provide`). The job machine invokes the actor named `transcode` with this input, sends it SUSPEND/CONTINUE
 * while pausing/resuming (the invocation spans running and paused, so ffmpeg is suspended, never killed), and stops
 * it by leaving the invoking state (cancel): the actor's cleanup kills ffmpeg and removes the temp file.
 */
export interface TranscodeInput {
  spec: JobSpec;
  attempt: number;
}

/** Events the job machine sends to the transcode actor. */
export type TranscodeCommand = { type: 'SUSPEND' } | { type: 'CONTINUE' };

export type TranscodePhase = 'probing' | 'encoding' | 'verifying' | 'finalizing';

/** Events the transcode actor sends back to the job machine. */
export type TranscodeReport =
  | { type: 'transcode.phase'; phase: TranscodePhase; tempPath?: string; ffmpegArgs?: string[] }
  | { type: 'transcode.progress'; progress: JobProgress }
  | { type: 'transcode.done'; result: JobResult }
  | { type: 'transcode.failed'; error: JobErrorInfo };
