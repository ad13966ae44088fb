import type { JobLoudness, JobOverrides } from '../../machines/types.ts';
import { type BvpError, isBvpError } from '../errors.ts';
import { hasAlpha, keepsAlpha } from '../profiles/args-codec.ts';
import { sequenceInputArgs } from '../profiles/args-sequence.ts';
import { asStillClip } from '../profiles/args-still.ts';
import type { Profile } from '../profiles/schema.ts';
import { checkTarget, needsKeyframes } from '../targets/check.ts';
import { resolveTarget } from '../targets/resolve.ts';
import { type MediaInfo, videoStreams } from './media-info.ts';
import { probe } from './probe.ts';
import { alphaCheck, measureAlpha } from './verify-alpha.ts';
import { checkOutput, forcedKeyframeSeconds, type VerifyCheck, type VerifyResult } from './verify-checks.ts';
import { readKeyframeTimes } from './verify-keyframes.ts';
import { verifyLoudness } from './verify-loudness.ts';
import { verifySequenceFrames } from './verify-sequence.ts';
import { verifySidecar } from './verify-sidecar.ts';

export type { CheckOptions, VerifyCheck, VerifyResult } from './verify-checks.ts';
export { checkOutput, defaultDurationTolerance, forcedKeyframeSeconds } from './verify-checks.ts';

export interface VerifyOutputParams {
  outputPath: string;
  /** The probed input the output was made from. */
  input: MediaInfo;
  profile: Profile;
  overrides?: JobOverrides;
  ffprobe: string;
  /** Measures the alpha plane of alpha profiles (verify-alpha.ts); without it that check fails as not measured. */
  ffmpeg?: string;
  /** Seconds; default max(0.5 s, one input frame). */
  durationTolerance?: number;
  signal?: AbortSignal;
  /** The job's loudness report (src/media/loudness-plan.ts): the output is measured and, if normalised, checked. */
  loudness?: JobLoudness;
  /** The sidecar WAV written with the output (profile `audio.sidecar_wav`), checked with it. */
  sidecarPath?: string;
}

/**
 * Checks a finished encode before it may replace anything. A bad output is a result (`ok: false` with the failed
 * checks), never a throw: the caller keeps the source and reports the checks. Throws only when verification itself
 * cannot run (ffprobe missing, cancelled).
 *
 * @example
 * const result = await verifyOutput({ outputPath: tmp, input, profile, ffprobe });
 * if (!result.ok) fail('verify.failed', result.checks.filter((c) => !c.ok));
 */
export async function verifyOutput(params: VerifyOutputParams): Promise<VerifyResult> {
  const { outputPath, profile, overrides = {}, ffprobe, signal } = params;
  // A still image is compared with the clip it was made into.
  const input = asStillClip(params.input, profile, overrides);
  let output: MediaInfo;
  try {
    output = await probe(outputPath, { ffprobe, signal, allowNoStreams: true });
  } catch (error) {
    if (!isOutputFault(error)) throw error;
    return { ok: false, checks: [unreadable(error)], output: null };
  }

  let keyframeTimes: number[] | undefined;
  let keyframeError: string | undefined;
  const stream = videoStreams(output)[0];
  const targets = (profile.targets ?? []).map(resolveTarget);
  const gopRule = targets.some((t) => needsKeyframes(t, output));
  if ((forcedKeyframeSeconds(profile, overrides) !== null || gopRule) && stream) {
    try {
      keyframeTimes = await readKeyframeTimes(outputPath, { ffprobe, streamIndex: stream.index, signal });
    } catch (error) {
      if (!isOutputFault(error)) throw error;
      keyframeError = error.message;
    }
  }

  const result = checkOutput(input, output, profile, overrides, keyframeTimes, {
    durationTolerance: params.durationTolerance,
  });
  const checks: VerifyCheck[] = [readable(), ...result.checks];
  const inputVideo = videoStreams(input)[0];
  if (stream && inputVideo && profile.video && keepsAlpha(profile.video, inputVideo.pixelFormat)) {
    // An image sequence is read through its pattern (args-sequence.ts), not as the folder.
    const inputArgs = sequenceInputArgs(input.path, input, profile) ?? undefined;
    const source = { path: input.path, inputArgs };
    checks.push(await verifyAlpha(outputPath, source, stream.pixelFormat, params.ffmpeg, signal));
  }
  // An image sequence: one output frame per picture (verify-sequence.ts).
  if (stream && input.sequence) {
    const frames = await verifySequenceFrames(outputPath, input, profile, {
      ffprobe,
      signal,
      streamIndex: stream.index,
    });
    if (frames) checks.push(frames);
  }
  for (const target of targets) checks.push(...checkTarget(output, target, keyframeTimes));
  if (keyframeError) {
    for (const check of checks) if (check.name === 'keyframes') check.message = keyframeError;
  }
  if (params.sidecarPath && profile.audio) {
    const options = { ffprobe, signal };
    checks.push(...(await verifySidecar(params.sidecarPath, input, profile.audio, overrides, options)));
  }
  let loudness: JobLoudness | undefined;
  if (params.loudness && params.ffmpeg) {
    const measured = await verifyLoudness(output, params.loudness, { ffmpeg: params.ffmpeg, signal });
    checks.push(...measured.checks);
    loudness = measured.report;
  }
  return { ok: checks.every((c) => c.ok), checks, output, ...(loudness ? { loudness } : {}) };
}

// A source whose alpha is opaque everywhere gives an opaque output, and that is right: only then is the source read.
async function verifyAlpha(
  outputPath: string,
  input: { path: string; inputArgs?: string[] },
  pixelFormat: string | null,
  ffmpeg: string | undefined,
  signal: AbortSignal | undefined,
): Promise<VerifyCheck> {
  if (!ffmpeg || !hasAlpha(pixelFormat)) return alphaCheck(pixelFormat, null);
  const stats = await measureAlpha(outputPath, { ffmpeg, signal });
  const check = alphaCheck(pixelFormat, stats);
  if (check.ok || stats.frames === 0) return check;
  const source = await measureAlpha(input.path, { ffmpeg, signal, inputArgs: input.inputArgs });
  if (source.min < 255) return check;
  return { ...check, ok: true, actual: 'opaque, as the source is', message: undefined };
}

/** Failures that say something about the output file, as opposed to the machine (no ffprobe) or the caller (abort). */
function isOutputFault(error: unknown): error is BvpError {
  return (
    isBvpError(error) &&
    (error.code === 'input.missing' || error.code === 'input.unreadable' || error.code === 'ffmpeg.timeout')
  );
}

function readable(): VerifyCheck {
  return { name: 'readable', ok: true, expected: 'a file ffprobe can read', actual: 'readable' };
}

function unreadable(error: BvpError): VerifyCheck {
  const actual =
    error.code === 'input.missing' ? 'missing' : error.code === 'ffmpeg.timeout' ? 'timed out' : 'unreadable';
  return { name: 'readable', ok: false, expected: 'a file ffprobe can read', actual, message: error.message };
}
