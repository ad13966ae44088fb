import type { JobErrorInfo } from './types.ts';

/**
 * The one rule for running a job again by itself. A failure is transient when its cause can pass without anyone
 * touching the job: a full or briefly unwritable output disk, an encoder that stalled, an ffmpeg killed by a signal
 * we did not send (the OOM killer, an operator's `kill`). Everything else is permanent — an unreadable or changed
 * input, no streams, a failed verification, a name the file system cannot hold — and running it again would fail
 * the same way. A cancelled job is never retried. Operators retry any finished job by hand (RETRY).
 */
export const TRANSIENT_CODES: readonly string[] = [
  'output.no_space',
  'output.permission',
  'ffmpeg.stalled',
  'ffmpeg.killed',
];

export interface RetryPolicy {
  /** Runs a job may start in all, the first one included (config `max_attempts`). */
  maxAttempts: number;
  /** Wait before the first retry; each further retry waits twice as long as the one before, up to `maxMs`. */
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseMs: 10_000, maxMs: 300_000 };

export function isTransient(error: JobErrorInfo | null): boolean {
  return error !== null && TRANSIENT_CODES.includes(error.code);
}

/** Whether a job that has started `runs` runs may start another one (also the rule for runs a crash cut short). */
export function mayRunAgain(runs: number, maxAttempts: number): boolean {
  return runs < Math.max(1, maxAttempts);
}

/** How long to wait after the `runs`-th run failed: base, 2×base, 4×base, … capped at `maxMs`. */
export function retryDelayMs(policy: RetryPolicy, runs: number): number {
  const doubled = policy.baseMs * 2 ** Math.max(0, runs - 1);
  return Math.max(0, Math.min(policy.maxMs, doubled));
}
