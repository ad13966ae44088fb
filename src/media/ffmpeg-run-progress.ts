import type { JobProgress } from '../../machines/types.ts';

/** One complete `-progress` block, turned into what views show. `end` is ffmpeg's `progress=end`. */
export interface ProgressBlock {
  progress: JobProgress;
  end: boolean;
}

export interface ProgressParser {
  /** Feeds one stdout line; returns a block when the line closes one (`progress=continue|end`). */
  push(line: string): ProgressBlock | null;
}

/**
 * Parses ffmpeg's `-progress pipe:1` output: `key=value` lines, each block closed by `progress=continue` or
 * `progress=end`. Values are often `N/A` before the first frame is written; those keep the previous value.
 *
 * @example
 * const parser = createProgressParser(10);
 * parser.push('out_time_us=5000000');
 * parser.push('speed=2x');
 * parser.push('progress=continue'); // → { progress: { percent: 50, etaSeconds: 2.5, … }, end: false }
 */
export function createProgressParser(durationSeconds: number | null): ProgressParser {
  const duration =
    durationSeconds !== null && Number.isFinite(durationSeconds) && durationSeconds > 0
      ? durationSeconds
      : null;
  let outTimeSeconds = 0;
  let fps: number | null = null;
  let speed: number | null = null;

  return {
    push(line) {
      const eq = line.indexOf('=');
      if (eq <= 0) return null;
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      switch (key) {
        case 'out_time_us':
        // ffmpeg's out_time_ms is in microseconds too (a long-standing misnomer kept for compatibility).
        case 'out_time_ms': {
          const us = Number(value);
          if (value !== '' && Number.isFinite(us)) outTimeSeconds = Math.max(0, us / 1_000_000);
          return null;
        }
        case 'out_time': {
          const seconds = parseClock(value);
          if (seconds !== null) outTimeSeconds = Math.max(0, seconds);
          return null;
        }
        case 'fps': {
          const n = Number(value);
          fps = value !== '' && Number.isFinite(n) ? n : null;
          return null;
        }
        case 'speed': {
          const n = Number.parseFloat(value);
          speed = Number.isFinite(n) ? n : null;
          return null;
        }
        case 'progress': {
          const end = value === 'end';
          return { progress: toProgress(outTimeSeconds, fps, speed, duration, end), end };
        }
        default:
          return null;
      }
    },
  };
}

function toProgress(
  outTimeSeconds: number,
  fps: number | null,
  speed: number | null,
  duration: number | null,
  end: boolean,
): JobProgress {
  let percent = 0;
  let etaSeconds: number | null = null;
  if (end) {
    percent = 100;
    etaSeconds = 0;
  } else if (duration !== null) {
    // Capped below 100 so "100 %" is only ever shown once ffmpeg itself says it is done.
    percent = Math.min(99.9, (outTimeSeconds / duration) * 100);
    if (speed !== null && speed > 0) etaSeconds = Math.max(0, (duration - outTimeSeconds) / speed);
  }
  return {
    percent: round(percent, 1),
    fps,
    speed,
    etaSeconds: etaSeconds === null ? null : round(etaSeconds, 1),
    outTimeSeconds,
  };
}

/** `HH:MM:SS.micro`, possibly negative at the very start of some encodes. */
function parseClock(value: string): number | null {
  const match = /^(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value);
  if (!match) return null;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4]);
  return match[1] === '-' ? -seconds : seconds;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
