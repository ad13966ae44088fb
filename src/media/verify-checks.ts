import type { JobLoudness, JobOverrides } from '../../machines/types.ts';
import { decodedPixelFormat, isIntraCodec } from '../profiles/args-codec.ts';
import { outputSize } from '../profiles/args-video.ts';
import type { Profile, VideoCodec, VideoSettings } from '../profiles/schema.ts';
import { PRORES_TAGS } from '../profiles/schema.ts';
import {
  type AudioStreamInfo,
  audioStreams,
  type MediaInfo,
  type VideoStreamInfo,
  videoStreams,
} from './media-info.ts';
import { checkKeyframes } from './verify-keyframes.ts';
import { showVideoChecks } from './verify-show.ts';

export interface VerifyCheck {
  /** Stable identifier: 'container', 'video.codec', 'audio.sample_rate', 'duration', 'keyframes', … */
  name: string;
  ok: boolean;
  expected: string;
  actual: string;
  message?: string;
}

export interface VerifyResult {
  ok: boolean;
  checks: VerifyCheck[];
  /** What ffprobe saw in the output; null when it could not read it. */
  output: MediaInfo | null;
  /** The job's loudness report with the output's measured figures (verify-loudness.ts), when loudness was asked. */
  loudness?: JobLoudness;
}

export interface CheckOptions {
  /** Seconds the output duration may differ from the input's; default `defaultDurationTolerance(input)`. */
  durationTolerance?: number;
}

/** ffprobe's codec_name for what each encoder writes. */
const DECODED_VIDEO_CODEC: Record<VideoCodec, string> = {
  prores_ks: 'prores',
  libx264: 'h264',
  libx265: 'hevc',
  hap: 'hap',
  dnxhd: 'dnxhd',
};
/** format_name token per profile container; mov and mp4 share one demuxer, so they cannot be told apart here. */
const FORMAT_TOKEN: Record<Profile['container'], string> = {
  mov: 'mov',
  mp4: 'mp4',
  mkv: 'matroska',
  wav: 'wav',
};
const FALLBACK_FRAME_SECONDS = 1 / 25;

/**
 * Half a second, or one frame when frames are longer: encoders pad audio (AAC priming) and round the last frame, but
 * a truncated encode (a killed ffmpeg, a keypress in the original) loses far more.
 */
export function defaultDurationTolerance(input: MediaInfo): number {
  return Math.max(0.5, frameSeconds(input));
}

/**
 * Interval of `forced` keyframes, or null when none are forced. Mirrors the argument builder: an override keeps the
 * profile's mode and makes a profile without one `forced`; ProRes is all-intra, so nothing is checked there.
 */
export function forcedKeyframeSeconds(profile: Profile, overrides: JobOverrides = {}): number | null {
  const video = profile.video;
  if (!video || isIntraCodec(video.codec)) return null;
  const mode = video.keyframes?.mode ?? (overrides.keyframeSeconds === undefined ? null : 'forced');
  if (mode !== 'forced') return null;
  return overrides.keyframeSeconds ?? video.keyframes?.seconds ?? null;
}

/**
 * Compares a finished output with the input and the profile. Pure: verifyOutput probes and reads keyframes, then
 * calls this, so every rule is testable on plain MediaInfo.
 */
export function checkOutput(
  input: MediaInfo,
  output: MediaInfo,
  profile: Profile,
  overrides: JobOverrides = {},
  keyframeTimes?: readonly number[],
  options: CheckOptions = {},
): VerifyResult {
  const checks: VerifyCheck[] = [containerCheck(output, profile), durationCheck(input, output, options)];
  checks.push(...videoChecks(input, output, profile, overrides, keyframeTimes));
  checks.push(...audioChecks(input, output, profile, overrides));
  return { ok: checks.every((c) => c.ok), checks, output };
}

function containerCheck(output: MediaInfo, profile: Profile): VerifyCheck {
  const token = FORMAT_TOKEN[profile.container];
  const ok = output.formatName.split(',').includes(token);
  return { name: 'container', ok, expected: token, actual: output.formatName || 'unknown' };
}

function durationCheck(input: MediaInfo, output: MediaInfo, options: CheckOptions): VerifyCheck {
  const tolerance = options.durationTolerance ?? defaultDurationTolerance(input);
  const want = input.durationSeconds;
  const got = output.durationSeconds;
  const expected = want === null ? 'any (input duration unknown)' : `${secs(want)} ± ${secs(tolerance)}`;
  if (got === null)
    return { name: 'duration', ok: false, expected, actual: 'unknown', message: 'output has no duration' };
  if (want === null) return { name: 'duration', ok: true, expected, actual: secs(got) };
  const ok = Math.abs(got - want) <= tolerance;
  const message = ok
    ? undefined
    : `output is ${secs(Math.abs(got - want))} ${got < want ? 'shorter' : 'longer'} than the input`;
  return { name: 'duration', ok, expected, actual: secs(got), ...(message ? { message } : {}) };
}

function videoChecks(
  input: MediaInfo,
  output: MediaInfo,
  profile: Profile,
  overrides: JobOverrides,
  keyframeTimes: readonly number[] | undefined,
): VerifyCheck[] {
  const video = profile.video;
  const inputVideo = videoStreams(input)[0];
  const wantVideo = video !== null && profile.streams.video !== 'none' && inputVideo !== undefined;
  const outVideos = videoStreams(output);
  const stream: VerifyCheck = {
    name: 'video.stream',
    ok: outVideos.length === (wantVideo ? 1 : 0),
    expected: wantVideo ? '1 video stream' : 'no video stream',
    actual: count(outVideos.length, 'video stream'),
  };
  const out = outVideos[0];
  if (!wantVideo || !video || !out) return [stream];

  const checks: VerifyCheck[] = [stream];
  const wantCodec = DECODED_VIDEO_CODEC[video.codec];
  checks.push(equal('video.codec', wantCodec, out.codec));
  if (video.codec === 'prores_ks') {
    // The builder encodes HQ when a custom profile names no ProRes profile.
    const wanted = video.prores_profile ?? 'hq';
    const tag = PRORES_TAGS[wanted];
    checks.push(
      equal('video.prores_profile', tag, out.codecTag ?? 'none', `ProRes ${wanted} is tagged ${tag}`),
    );
  }
  checks.push(
    equal(
      'video.pixel_format',
      decodedPixelFormat(video, inputVideo.pixelFormat),
      out.pixelFormat ?? 'unknown',
    ),
  );
  checks.push(...showVideoChecks(out, video, profile));
  if (video.tag) checks.push(equal('video.tag', video.tag, out.codecTag ?? 'none'));

  checks.push(resolutionCheck(inputVideo, out, video, overrides));

  const interval = forcedKeyframeSeconds(profile, overrides);
  if (interval !== null) {
    const frame = frameSeconds(output, frameSeconds(input));
    const end = out.durationSeconds ?? output.durationSeconds;
    checks.push(
      checkKeyframes(keyframeTimes, { intervalSeconds: interval, frameSeconds: frame, endSeconds: end }),
    );
  }
  return checks;
}

/**
 * Exactly the size the argument builder asks for (fit in the box, keep the shape, upscale only when allowed, align
 * for the chroma subsampling): a stretched or upscaled output is as wrong as a wrong codec.
 */
function resolutionCheck(
  source: VideoStreamInfo,
  out: VideoStreamInfo,
  video: VideoSettings,
  overrides: JobOverrides,
): VerifyCheck {
  const want = outputSize({ width: source.width, height: source.height }, video, overrides);
  const box = overrides.resolution ?? { width: video.max_width, height: video.max_height };
  const boxed = box.width !== undefined || box.height !== undefined;
  return {
    name: 'video.resolution',
    ok: out.width === want.width && out.height === want.height,
    expected: `${want.width}×${want.height}${boxed ? ` (fits ${box.width ?? 'any'}×${box.height ?? 'any'})` : ''}`,
    actual: `${out.width}×${out.height}`,
  };
}

function audioChecks(
  input: MediaInfo,
  output: MediaInfo,
  profile: Profile,
  overrides: JobOverrides,
): VerifyCheck[] {
  const audio = profile.audio;
  const inputCount = audioStreams(input).length;
  const mode = profile.streams.audio;
  const want =
    audio === null || mode === 'none' ? 0 : mode === 'first' ? Math.min(1, inputCount) : inputCount;
  const outs = audioStreams(output);
  const checks: VerifyCheck[] = [
    {
      name: 'audio.streams',
      ok: outs.length === want,
      expected: count(want, 'audio stream'),
      actual: count(outs.length, 'audio stream'),
    },
  ];
  if (!audio || outs.length === 0) return checks;
  checks.push(allEqual('audio.codec', audio.codec, outs, (s) => s.codec));
  const rate = overrides.audioSampleRate ?? audio.sample_rate;
  if (rate !== undefined)
    checks.push(allEqual('audio.sample_rate', String(rate), outs, (s) => String(s.sampleRate ?? 'unknown')));
  if (audio.channels !== undefined) {
    checks.push(
      allEqual('audio.channels', String(audio.channels), outs, (s) => String(s.channels ?? 'unknown')),
    );
  }
  if (audio.bit_depth !== undefined && audio.codec !== 'aac') {
    const depth = String(audio.bit_depth);
    checks.push(allEqual('audio.bit_depth', depth, outs, (s) => String(s.bitsPerSample ?? 'unknown')));
  }
  return checks;
}

function equal(name: string, expected: string, actual: string, why?: string): VerifyCheck {
  const ok = expected === actual;
  return { name, ok, expected, actual, ...(ok || !why ? {} : { message: why }) };
}

function allEqual(
  name: string,
  expected: string,
  streams: AudioStreamInfo[],
  read: (s: AudioStreamInfo) => string,
): VerifyCheck {
  const values = [...new Set(streams.map(read))];
  return { name, ok: values.length === 1 && values[0] === expected, expected, actual: values.join(', ') };
}

function frameSeconds(info: MediaInfo, fallback = FALLBACK_FRAME_SECONDS): number {
  const rate = videoStreams(info)[0]?.frameRate;
  return rate ? 1 / rate : fallback;
}

function count(n: number, noun: string): string {
  return n === 0 ? `no ${noun}` : `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function secs(seconds: number): string {
  return `${Math.round(seconds * 1000) / 1000} s`;
}
