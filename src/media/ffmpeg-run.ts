import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { execa } from 'execa';
import type { JobProgress } from '../../machines/types.ts';
import { BvpError } from '../errors.ts';
import { createProgressParser } from './ffmpeg-run-progress.ts';
import { createLineTail, lastMeaningfulLine } from './ffmpeg-run-stderr.ts';
import { createThrottle } from './ffmpeg-run-throttle.ts';
import { createStallWatch } from './stall-watch.ts';

export interface RunFfmpegOptions {
  /** Path of the ffmpeg binary. */
  ffmpeg: string;
  /** Full argument list; must include `-progress pipe:1` for progress and stall detection to work. */
  args: string[];
  /** Duration of the input, for percent and ETA; null when unknown (percent stays 0 until the end). */
  durationSeconds: number | null;
  /** No progress output for this long (while not suspended) → stopped as stalled. Default 120. */
  stallSeconds?: number;
  /** Aborting cancels the run, exactly like `cancel()`. */
  signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL. Default 5000. */
  killGraceMs?: number;
  onProgress?: (progress: JobProgress) => void;
  /** At most one `onProgress` per interval; the final progress is always delivered. Default 250. */
  progressIntervalMs?: number;
}

export interface FfmpegOutcome {
  exitCode: 0;
  elapsedMs: number;
  /** The last progress block ffmpeg wrote, if any. */
  lastProgress: JobProgress | null;
  stderrTail: string[];
}

export interface FfmpegRun {
  /** undefined when ffmpeg could not be started (or the signal was already aborted). */
  readonly pid: number | undefined;
  readonly suspended: boolean;
  /** The last lines ffmpeg wrote to stderr so far (the live log tail). */
  stderrTail(): string[];
  /** SIGSTOP: ffmpeg keeps its state and its output file; the stall timer stops too. */
  suspend(): void;
  /** SIGCONT. */
  resume(): void;
  /** SIGTERM, then SIGKILL after the grace period; `done` rejects with `ffmpeg.cancelled`. */
  cancel(): void;
  /**
   * Settles once the process has exited and its output has been read. Rejects with a BvpError:
   * `ffmpeg.cancelled`, `ffmpeg.stalled`, `ffmpeg.failed` (with `stderrTail`) or `ffmpeg.missing`.
   */
  readonly done: Promise<FfmpegOutcome>;
}

type StopReason = 'cancelled' | 'stalled';

/**
 * Runs ffmpeg with progress, stall detection, suspend/resume and cancellation. stdout (progress) and stderr are
 * drained line by line while it runs, so a chatty ffmpeg never blocks on a full pipe.
 */
export function runFfmpeg(options: RunFfmpegOptions): FfmpegRun {
  const stallMs = (options.stallSeconds ?? 120) * 1000;
  const tail = createLineTail();
  if (options.signal?.aborted)
    return notStarted(new BvpError('ffmpeg.cancelled', 'ffmpeg was cancelled before it started'));

  const started = performance.now();
  const parser = createProgressParser(options.durationSeconds);
  const throttle = createThrottle<JobProgress>(options.progressIntervalMs ?? 250, (p) =>
    options.onProgress?.(p),
  );
  let lastProgress: JobProgress | null = null;
  let stopReason: StopReason | null = null;
  let exited = false;
  let suspended = false;
  let lastOutTime = -1;

  const subprocess = execa(options.ffmpeg, options.args, {
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    killSignal: 'SIGTERM',
    forceKillAfterDelay: options.killGraceMs ?? 5000,
    // Its own process group: a Ctrl+C or SIGTERM meant for bvp (sent to the terminal's whole group) must not kill
    // ffmpeg behind our back — we stop it ourselves, so a stopping service can requeue the job instead of failing
    // it. An ffmpeg orphaned by a crash is killed at the next boot (src/service/orphans.ts).
    detached: true,
  });

  // Measured on ffmpeg's own output time, not on the wall clock alone (see stall-watch.ts).
  const stall = createStallWatch({ stallMs, onStall: () => stop('stalled') });
  const stop = (reason: StopReason) => {
    if (exited || stopReason !== null) return;
    stopReason = reason;
    stall.stop();
    throttle.cancel();
    // execa's kill sends killSignal and arms the SIGKILL fallback after forceKillAfterDelay.
    subprocess.kill();
    // A stopped process leaves SIGTERM pending until it is continued; SIGKILL alone would not need this.
    if (suspended) {
      suspended = false;
      subprocess.kill('SIGCONT');
    }
  };
  const onAbort = () => stop('cancelled');
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const stdoutClosed = readLines(subprocess.stdout, (line) => {
    const block = parser.push(line);
    if (block === null || stopReason !== null) return;
    // Reports that repeat the same output time are a hung encoder talking, not progress.
    if (block.end || block.progress.outTimeSeconds > lastOutTime) stall.progressed();
    lastOutTime = block.progress.outTimeSeconds;
    lastProgress = block.progress;
    throttle.push(block.progress);
    if (block.end) throttle.flush();
  });
  const stderrClosed = readLines(subprocess.stderr, (line) => tail.push(line));

  const done = (async (): Promise<FfmpegOutcome> => {
    const result = await subprocess;
    await Promise.all([stdoutClosed, stderrClosed]);
    exited = true;
    stall.stop();
    options.signal?.removeEventListener('abort', onAbort);
    const stderrTail = tail.lines();
    if (stopReason === 'cancelled') {
      throw new BvpError('ffmpeg.cancelled', 'ffmpeg was cancelled', { stderrTail });
    }
    if (stopReason === 'stalled') {
      throw new BvpError(
        'ffmpeg.stalled',
        `ffmpeg made no progress for ${stallMs / 1000} s (its output time stood still) and was stopped`,
        {
          stderrTail,
        },
      );
    }
    if (result.exitCode === 0 && !result.failed) {
      throttle.flush();
      return { exitCode: 0, elapsedMs: performance.now() - started, lastProgress, stderrTail };
    }
    throttle.cancel();
    throw failure(result, stderrTail);
  })();
  // Callers that only cancel must not crash the process with an unhandled rejection; awaiting still rejects.
  done.catch(() => {});

  return {
    get pid() {
      return subprocess.pid;
    },
    get suspended() {
      return suspended;
    },
    suspend() {
      if (exited || stopReason !== null || suspended) return;
      if (subprocess.kill('SIGSTOP')) {
        suspended = true;
        stall.pause();
      }
    },
    resume() {
      if (exited || stopReason !== null || !suspended) return;
      suspended = false;
      subprocess.kill('SIGCONT');
      stall.resume();
    },
    cancel: () => stop('cancelled'),
    stderrTail: () => tail.lines(),
    done,
  };
}

interface FailedResult {
  exitCode?: number;
  signal?: string;
  code?: string;
  shortMessage?: string;
  originalMessage?: string;
}

function failure(result: FailedResult, stderrTail: string[]): BvpError {
  const details = { exitCode: result.exitCode ?? null, signal: result.signal ?? null };
  if (result.exitCode === undefined && result.signal === undefined) {
    // Never started: a wrong path or a binary that is not executable.
    const code = result.code === 'ENOENT' || result.code === 'EACCES' ? 'ffmpeg.missing' : 'ffmpeg.failed';
    const why = result.originalMessage ?? result.shortMessage ?? 'unknown error';
    return new BvpError(code, `ffmpeg could not be started: ${why}`, { details, stderrTail });
  }
  const reason = lastMeaningfulLine(stderrTail);
  const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
  return new BvpError('ffmpeg.failed', `ffmpeg ${how}${reason ? `: ${reason}` : ''}`, {
    details,
    stderrTail,
  });
}

/** Resolves when the stream has ended and its last (possibly unterminated) line has been delivered. */
async function readLines(stream: Readable, onLine: (line: string) => void): Promise<void> {
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  lines.on('line', onLine);
  await once(lines, 'close').catch(() => {});
}

function notStarted(error: BvpError): FfmpegRun {
  const done = Promise.reject(error);
  done.catch(() => {});
  const noop = () => {};
  return {
    pid: undefined,
    suspended: false,
    suspend: noop,
    resume: noop,
    cancel: noop,
    stderrTail: () => [],
    done,
  };
}
