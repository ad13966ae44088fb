import { ffprobeInput, runFfprobe } from './probe.ts';
import type { VerifyCheck } from './verify-checks.ts';

export interface ReadKeyframesOptions {
  ffprobe: string;
  /** Absolute stream index of the video stream to read. */
  streamIndex: number;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Presentation times (seconds, ascending) of the keyframes of one video stream. Reads packets, not frames: demuxing
 * only, so a long file takes seconds, not a decode. CSV rather than JSON keeps stdout small on long files.
 */
export async function readKeyframeTimes(file: string, options: ReadKeyframesOptions): Promise<number[]> {
  const { stdout } = await runFfprobe(
    options.ffprobe,
    [
      '-v',
      'error',
      '-select_streams',
      String(options.streamIndex),
      '-show_entries',
      'packet=pts_time,flags',
      '-of',
      'csv=p=0',
      ffprobeInput(file),
    ],
    { file, signal: options.signal, timeoutMs: options.timeoutMs ?? 120_000 },
  );
  return parseKeyframeCsv(stdout);
}

/** Lines are `pts_time,flags` (e.g. `2.002000,K_`); D marks packets the demuxer discards (edit lists). */
export function parseKeyframeCsv(text: string): number[] {
  const times: number[] = [];
  for (const line of text.split('\n')) {
    const [pts, flags = ''] = line.trim().split(',');
    if (!flags.includes('K') || flags.includes('D')) continue;
    const t = Number(pts);
    if (pts !== '' && Number.isFinite(t)) times.push(t);
  }
  return times.sort((a, b) => a - b);
}

export interface KeyframeExpectation {
  intervalSeconds: number;
  /** Duration of one frame; each gap may be this much off the interval (encoders snap to a frame). */
  frameSeconds: number;
  /** Duration of the video stream; null: a missing keyframe after the last one cannot be detected. */
  endSeconds: number | null;
}

const EPSILON = 0.001;

/**
 * `forced` keyframes: consecutive keyframes are the interval apart ± one frame, none in between. Gaps, not absolute
 * multiples: a frame-count GOP at 29.97 fps puts keyframes 5.005 s apart, which drifts past any fixed grid on a
 * long file while being exactly what was asked. A keyframe too soon after the last good one is extra (a scene cut
 * or the encoder's own GOP); a gap too long means one is missing.
 */
export function checkKeyframes(
  times: readonly number[] | undefined,
  expect: KeyframeExpectation,
): VerifyCheck {
  const { intervalSeconds: n, frameSeconds } = expect;
  const expected = `a keyframe every ${fmt(n)} s (±1 frame), none in between`;
  if (times === undefined) {
    return {
      name: 'keyframes',
      ok: false,
      expected,
      actual: 'not measured',
      message: 'keyframe times were not read',
    };
  }
  if (times.length === 0) {
    return {
      name: 'keyframes',
      ok: false,
      expected,
      actual: 'no keyframes',
      message: 'the video has no keyframes',
    };
  }
  const sorted = [...times].sort((a, b) => a - b);
  const tolerance = frameSeconds + EPSILON;
  const extra: number[] = [];
  const missing: number[] = [];
  let anchor = sorted[0];
  for (const t of sorted.slice(1)) {
    const gap = t - anchor;
    if (gap < n - tolerance) {
      extra.push(t);
      continue;
    }
    if (gap > n + tolerance) missing.push(anchor + n);
    anchor = t;
  }
  // The stream's last frame starts one frame before its end (times count from the first keyframe).
  if (expect.endSeconds !== null && sorted[0] + expect.endSeconds - frameSeconds - anchor > n + tolerance) {
    missing.push(anchor + n);
  }
  if (extra.length === 0 && missing.length === 0) {
    return { name: 'keyframes', ok: true, expected, actual: `${sorted.length} keyframes at ${list(sorted)}` };
  }
  const problems: string[] = [];
  if (extra.length > 0) problems.push(`extra keyframes at ${list(extra)} s`);
  if (missing.length > 0) problems.push(`no keyframe near ${list(missing)} s`);
  return {
    name: 'keyframes',
    ok: false,
    expected,
    actual: `keyframes at ${list(sorted)}`,
    message: problems.join('; '),
  };
}

function list(times: readonly number[]): string {
  const shown = times.slice(0, 12).map(fmt).join(', ');
  return times.length > 12 ? `${shown} … (${times.length} in all)` : shown;
}

function fmt(seconds: number): string {
  return String(Math.round(seconds * 1000) / 1000);
}
