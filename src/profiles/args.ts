import type { JobOverrides } from '../../machines/types.ts';
import { BvpError } from '../errors.ts';
import type { MediaInfo } from '../media/media-info.ts';
import { audioArgs, type LoudnessPlan, sidecarArgs } from './args-audio.ts';
import { conformRate } from './args-frame-rate.ts';
import { sequenceInputArgs } from './args-sequence.ts';
import { stillInputArgs } from './args-still.ts';
import { checkInputFits, mapArgs, selectStreams } from './args-streams.ts';
import { videoArgs } from './args-video.ts';
import type { Container, Profile } from './schema.ts';

export { checkInputFits } from './args-streams.ts';

/** `-f` muxer per container, so the (hidden, temporary) output name's extension never decides the format. */
export const CONTAINER_MUXERS: Readonly<Record<Container, string>> = {
  mov: 'mov',
  mp4: 'mp4',
  mkv: 'matroska',
  wav: 'wav',
};

export interface BuildArgsParams {
  inputPath: string;
  outputPath: string;
  /** The probe of `inputPath`: stream indices, frame rate and size come from here. */
  input: MediaInfo;
  profile: Profile;
  overrides?: JobOverrides;
  /** Two-pass loudness: the first pass's figures per selected audio stream (src/media/loudness.ts). */
  loudness?: LoudnessPlan;
  /** Also write the first audio stream as a WAV here (profile `audio.sidecar_wav`). */
  sidecarPath?: string;
}

/**
 * A path as ffmpeg data, never an option: `file:` makes `-i.mov` a file name rather than the option `-i`, and ffmpeg
 * has no `--`. Applied to every path, not only to awkward ones, so no name takes a different code path.
 */
export function asFileUrl(path: string): string {
  return `file:${path}`;
}

/**
 * The full ffmpeg argv (after the binary name) that turns `input` into `profile`'s output. Pure: no I/O, the same
 * inputs always give the same argv, so a job can store and show the exact command it ran.
 *
 * - `-nostdin`: a keypress in the service's terminal must not end an encode early (the original's `q` problem).
 * - `-y`: the output is always a fresh hidden temp file; collisions with final names are the caller's business.
 * - `-progress pipe:1 -nostats`: machine-readable progress on stdout, no carriage-return stats on stderr.
 *   `-stats_period` is not used: ffmpeg's 0.5 s default is enough for a throttled dashboard, and the bundled
 *   fallback ffmpeg (4.x, 2018) predates the option (added in 4.4) and would refuse to start.
 * - Overrides: `preset`, `resolution` (a box that replaces max_width×max_height), `audioSampleRate`, and
 *   `keyframeSeconds` (keeps the profile's keyframe mode; a profile without one gets `forced`; ignored for ProRes).
 * - A variable-frame-rate source under `forced` keyframes is re-timed to its average rate (`-vf fps=…`), so the
 *   frame-count GOP is exact; under `max` its keyframes are placed by time (args-frame-rate.ts says why).
 *
 * @throws BvpError `input.no_streams` when the input lacks what the profile needs ({@link checkInputFits}),
 *   `profile.invalid` when an override is out of range.
 */
export function buildFfmpegArgs(params: BuildArgsParams): string[] {
  const { input, profile } = params;
  const overrides = params.overrides ?? {};
  checkOverrides(overrides);
  const misfit = checkInputFits(input, profile);
  if (misfit) throw new BvpError('input.no_streams', misfit, { details: { profile: profile.name } });

  const streams = selectStreams(input, profile);
  const args = ['-hide_banner', '-nostdin', '-y', '-progress', 'pipe:1', '-nostats'];
  args.push(...stillInputArgs(input, profile, overrides));
  // An image-sequence folder is read through its numbered pattern (args-sequence.ts).
  args.push(...(sequenceInputArgs(params.inputPath, input, profile) ?? ['-i', asFileUrl(params.inputPath)]));
  args.push(...mapArgs(streams));
  if (streams.video && profile.video)
    args.push(...videoArgs(streams.video, profile.video, overrides, conformRate(profile.frame_rate)));
  if (streams.audio.length > 0 && profile.audio)
    args.push(...audioArgs(profile.audio, streams.audio, overrides, params.loudness));
  args.push(...containerArgs(profile.container));
  args.push(asFileUrl(params.outputPath));
  const first = streams.audio[0];
  if (params.sidecarPath && first && profile.audio) {
    const url = asFileUrl(params.sidecarPath);
    args.push(...sidecarArgs(profile.audio, first, overrides, params.loudness, url));
  }
  return args;
}

function containerArgs(container: Container): string[] {
  const args: string[] = [];
  // The index up front lets a player start before reading the whole file; mov and mp4 are the only ones with it.
  if (container === 'mov' || container === 'mp4') args.push('-movflags', '+faststart');
  // A long multichannel 24-bit cue passes the 4 GiB RIFF limit; rf64 only switches format when it has to.
  if (container === 'wav') args.push('-rf64', 'auto');
  args.push('-f', CONTAINER_MUXERS[container]);
  return args;
}

function checkOverrides(overrides: JobOverrides): void {
  const problems: string[] = [];
  const { keyframeSeconds, resolution, audioSampleRate } = overrides;
  if (keyframeSeconds !== undefined && !(keyframeSeconds > 0))
    problems.push('keyframeSeconds must be above 0');
  if (resolution && !(resolution.width >= 2 && resolution.height >= 2)) {
    problems.push('resolution must be at least 2×2');
  }
  if (audioSampleRate !== undefined && !(Number.isInteger(audioSampleRate) && audioSampleRate >= 8000)) {
    problems.push('audioSampleRate must be a whole number of Hz, at least 8000');
  }
  if (problems.length > 0) {
    throw new BvpError('profile.invalid', `Invalid overrides: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
}
