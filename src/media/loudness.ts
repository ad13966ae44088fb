import { execa } from 'execa';
import type { LoudnessFigures } from '../../machines/types.ts';
import { BvpError } from '../errors.ts';
import type { LoudnessSettings } from '../profiles/schema.ts';

const TIMEOUT_MS = 30 * 60_000;

/** Loudness settings with a target: what normalisation and the loudness check work with. */
export type LoudnessTarget = LoudnessSettings & { target_lufs: number };

/** What loudnorm's first pass measured: the values its second pass takes back (`measured_I`, …, `offset`). */
export interface LoudnormMeasurement {
  inputI: number;
  inputTp: number;
  inputLra: number;
  inputThresh: number;
  targetOffset: number;
}

interface MeasureOptions {
  ffmpeg: string;
  /** Absolute index of the audio stream in the file. */
  streamIndex: number;
  signal?: AbortSignal;
}

/**
 * loudnorm's first pass over one audio stream (decode only, no output): the measured figures its second pass needs.
 * Null for silence, which has no integrated loudness and cannot be normalised.
 */
export async function measureLoudnorm(
  file: string,
  target: LoudnessTarget,
  options: MeasureOptions,
): Promise<LoudnormMeasurement | null> {
  const filter = `loudnorm=I=${target.target_lufs}:TP=${target.true_peak_db}:LRA=${target.lra}:print_format=json`;
  const stderr = await runAudioFilter(file, filter, options, 'measure the loudness of');
  return parseLoudnormJson(stderr);
}

/** loudnorm's JSON block from ffmpeg's stderr; null when the stream is silent (ffmpeg prints -inf). */
export function parseLoudnormJson(stderr: string): LoudnormMeasurement | null {
  const start = stderr.lastIndexOf('{');
  const end = stderr.lastIndexOf('}');
  if (start < 0 || end < start) throw new Error('no loudnorm measurement in the ffmpeg output');
  const raw = JSON.parse(stderr.slice(start, end + 1)) as Record<string, string>;
  const values = {
    inputI: Number(raw.input_i),
    inputTp: Number(raw.input_tp),
    inputLra: Number(raw.input_lra),
    inputThresh: Number(raw.input_thresh),
    targetOffset: Number(raw.target_offset),
  };
  return Object.values(values).every(Number.isFinite) ? values : null;
}

/**
 * The second pass's filter: the target plus the first pass's figures. ffmpeg applies one gain to the whole file
 * (linear) when that reaches the target without passing the true-peak ceiling, else its dynamic compressor.
 */
export function loudnormFilter(target: LoudnessTarget, measured: LoudnormMeasurement): string {
  return [
    `loudnorm=I=${target.target_lufs}`,
    `TP=${target.true_peak_db}`,
    `LRA=${target.lra}`,
    `measured_I=${measured.inputI}`,
    `measured_TP=${measured.inputTp}`,
    `measured_LRA=${measured.inputLra}`,
    `measured_thresh=${measured.inputThresh}`,
    `offset=${measured.targetOffset}`,
    'linear=true',
    'print_format=summary',
  ].join(':');
}

/**
 * Which way loudnorm (ffmpeg 5.1, af_loudnorm.c) will go with these figures: linear only when the gain keeps the
 * true peak under the ceiling, the measured range fits the target range, and every measured value was given (an LRA
 * of exactly 0, a pure tone, counts as not given and falls back to dynamic).
 */
export function loudnormMode(target: LoudnessTarget, measured: LoudnormMeasurement): 'linear' | 'dynamic' {
  const offset = target.target_lufs - measured.inputI;
  const complete = measured.inputLra !== 0 && measured.inputThresh !== -70 && measured.inputI !== 0;
  const fits = measured.inputTp + offset <= target.true_peak_db && measured.inputLra <= target.lra;
  return complete && fits ? 'linear' : 'dynamic';
}

/** The figures of a first pass, in the shape a job result shows. */
export function figuresOf(measured: LoudnormMeasurement | null): LoudnessFigures {
  if (!measured) return { integratedLufs: null, truePeakDb: null, lraLu: null };
  return { integratedLufs: measured.inputI, truePeakDb: measured.inputTp, lraLu: measured.inputLra };
}

/**
 * EBU R128 figures of one audio stream by ffmpeg's `ebur128` meter (true peak on): an independent measurement of
 * the result, not loudnorm grading its own work.
 */
export async function measureEbur128(file: string, options: MeasureOptions): Promise<LoudnessFigures> {
  const stderr = await runAudioFilter(
    file,
    'ebur128=peak=true:framelog=verbose',
    options,
    'measure the loudness of',
  );
  return parseEbur128Summary(stderr);
}

/** The `Summary:` block of ebur128: I (LUFS), LRA (LU), true peak (dBFS); -inf and absent values are null. */
export function parseEbur128Summary(stderr: string): LoudnessFigures {
  const at = stderr.lastIndexOf('Summary:');
  // No summary at all is not silence: ffmpeg did not get to the end (or something else answered as ffmpeg).
  if (at < 0) throw new BvpError('input.unreadable', 'no ebur128 summary in the ffmpeg output');
  const summary = stderr.slice(at);
  const read = (label: string): number | null => {
    const match = new RegExp(`${label}:\\s+(-?[\\d.]+|-?inf)\\s`).exec(summary);
    const value = match ? Number(match[1]) : Number.NaN;
    return Number.isFinite(value) ? value : null;
  };
  return { integratedLufs: read('I'), truePeakDb: read('Peak'), lraLu: read('LRA') };
}

async function runAudioFilter(
  file: string,
  filter: string,
  options: MeasureOptions,
  what: string,
): Promise<string> {
  const args = ['-hide_banner', '-nostdin', '-nostats', '-i', `file:${file}`];
  // Audio only: with `-vn` (and no subtitles or data) nothing but the one audio stream is decoded.
  args.push('-map', `0:${options.streamIndex}`, '-vn', '-sn', '-dn', '-af', filter, '-f', 'null', '-');
  const result = await execa(options.ffmpeg, args, {
    reject: false,
    stdin: 'ignore',
    timeout: TIMEOUT_MS,
    cancelSignal: options.signal,
    forceKillAfterDelay: 2_000,
  });
  if (result.isCanceled) throw new BvpError('ffmpeg.cancelled', `cancelled while trying to ${what} ${file}`);
  if (result.failed) {
    throw new BvpError('input.unreadable', `cannot ${what} ${file}: ${result.shortMessage}`, {
      stderrTail: result.stderr.split('\n').slice(-10),
    });
  }
  return result.stderr;
}
