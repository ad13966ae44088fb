import type { JobOverrides } from '../../machines/types.ts';
import { type MediaInfo, videoStreams } from '../media/media-info.ts';
import { conformRate } from './args-frame-rate.ts';
import { asSequenceClip } from './args-sequence.ts';
import type { Profile } from './schema.ts';

/** Seconds of clip a still image becomes when neither the profile nor the job says. */
export const DEFAULT_STILL_SECONDS = 10;
/** Frames per second of a still's clip when the profile keeps the source rate (a still has none of its own). */
export const DEFAULT_STILL_RATE = '25';

/** ffmpeg's single-image demuxers (png_pipe, jpeg_pipe, tiff_pipe, …) and the image-file one, image2. */
const STILL_FORMAT = /^(image2|[a-z0-9]+_pipe)$/;
const STILL_CODECS = new Set(['png', 'mjpeg', 'tiff', 'bmp', 'webp', 'targa', 'dpx', 'exr']);

/** A single still picture (PNG, JPEG, TIFF, …): one video stream of an image codec, read by an image demuxer. */
export function isStillImage(input: MediaInfo): boolean {
  const videos = videoStreams(input);
  return (
    // A sequence folder is read by the same demuxer but is a clip of its own (args-sequence.ts).
    input.sequence === undefined &&
    STILL_FORMAT.test(input.formatName) &&
    input.streams.length === 1 &&
    videos.length === 1 &&
    STILL_CODECS.has(videos[0].codec)
  );
}

/** How long the clip made from `input` runs: null when `input` is not a still image. */
export function stillSeconds(
  input: MediaInfo,
  profile: Profile,
  overrides: JobOverrides = {},
): number | null {
  if (!isStillImage(input)) return null;
  return overrides.stillSeconds ?? profile.still_duration ?? DEFAULT_STILL_SECONDS;
}

/**
 * Input options that turn a still into a clip: the picture repeated (`-loop 1`) at the profile's rate (or 25) for
 * the set duration. Before `-i`, so they apply to the image demuxer; empty for anything else.
 */
export function stillInputArgs(input: MediaInfo, profile: Profile, overrides: JobOverrides = {}): string[] {
  const seconds = stillSeconds(input, profile, overrides);
  if (seconds === null) return [];
  const rate = conformRate(profile.frame_rate)?.rational ?? DEFAULT_STILL_RATE;
  return ['-loop', '1', '-framerate', rate, '-t', `${seconds}`];
}

/** The probe of a still seen as the clip it becomes (its duration), for progress and verification. */
export function asStillClip(input: MediaInfo, profile: Profile, overrides: JobOverrides = {}): MediaInfo {
  // An image sequence is likewise seen as the clip it becomes: frames ÷ rate.
  if (input.sequence) return asSequenceClip(input, profile);
  const seconds = stillSeconds(input, profile, overrides);
  return seconds === null ? input : { ...input, durationSeconds: seconds };
}
