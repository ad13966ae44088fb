import type { JobOverrides } from '../../machines/types.ts';
import type { VideoStreamInfo } from '../media/media-info.ts';
import { codecFlavourArgs, encodePixelFormat, isIntraCodec, keepsAlpha } from './args-codec.ts';
import {
  type ConstantRate,
  constantOutputRate,
  frameRateFilter,
  keyframeFrameRate,
} from './args-frame-rate.ts';
import { keyframeArgs, keyframePolicy } from './args-keyframes.ts';
import { rateControlArgs } from './args-rate.ts';
import { type Alignment, chromaAlignment, fitWithin, type Size, scaleFilter } from './args-scale.ts';
import type { SpeedPreset, VideoSettings } from './schema.ts';

/**
 * Profile speed → x264/x265 `-preset`. `fast` is veryfast, not x264's "fast": the point of asking for speed is a
 * file soon (rehearsal, a last-minute cue), and veryfast is several times quicker at a modest size cost. `normal`
 * is the encoders' own default, `slow` is for masters. prores_ks has no speed/size trade-off to choose.
 */
export const X26X_PRESETS: Readonly<Record<SpeedPreset, string>> = {
  fast: 'veryfast',
  normal: 'medium',
  slow: 'slow',
};

/** The picture size after scaling, and the frame size after padding (the same unless the profile pads). */
export interface FrameGeometry {
  scaled: Size;
  frame: Size;
}

/**
 * Scaled picture and final frame for a source. With `size_multiple` and `size_fit: scale` (the default) the
 * picture is fitted then each side rounded down to the multiple (1918×1078 → 1916×1076: aspect kept within a
 * pixel); with `pad` the picture keeps its size and the frame grows to the next multiple around it.
 */
export function frameGeometry(
  source: Size,
  video: VideoSettings,
  overrides: JobOverrides = {},
): FrameGeometry {
  const box = overrides.resolution ?? { width: video.max_width, height: video.max_height };
  const chroma = chromaAlignment(video.pixel_format);
  const multiple = video.size_multiple ?? 1;
  const pad = video.size_fit === 'pad';
  const alignment: Alignment = pad
    ? chroma
    : { width: lcm(chroma.width, multiple), height: lcm(chroma.height, multiple) };
  const scaled = fitWithin(source, box, { upscale: video.upscale, alignment });
  if (!pad) return { scaled, frame: scaled };
  const up = (n: number) => Math.ceil(n / multiple) * multiple;
  return { scaled, frame: { width: up(scaled.width), height: up(scaled.height) } };
}

/** The output frame size for a source under a profile and overrides; the override box replaces the profile's. */
export function outputSize(source: Size, video: VideoSettings, overrides: JobOverrides = {}): Size {
  return frameGeometry(source, video, overrides).frame;
}

/**
 * Everything after `-map` that concerns the video stream.
 *
 * @param conform the profile's `frame_rate` as a constant rate, or null to keep the source's timing.
 */
export function videoArgs(
  stream: VideoStreamInfo,
  video: VideoSettings,
  overrides: JobOverrides = {},
  conform: ConstantRate | null = null,
): string[] {
  const args = ['-c:v', video.codec];
  const source = { width: stream.width, height: stream.height };
  const geometry = frameGeometry(source, video, overrides);
  if (isIntraCodec(video.codec)) {
    args.push(...codecFlavourArgs(video, geometry.frame.width, geometry.frame.height));
  } else {
    args.push('-preset', X26X_PRESETS[overrides.preset ?? video.preset]);
    if (video.codec === 'libx264' && video.bframes !== undefined) args.push('-bf', `${video.bframes}`);
  }
  args.push(...rateControlArgs(video));

  const policy = keyframePolicy(video, overrides);
  // A conformed rate is constant by construction; otherwise a VFR source may be re-timed for forced keyframes.
  const constant = conform ?? constantOutputRate(stream, video.codec, policy);
  const keyframes = keyframeArgs(video.codec, policy, keyframeFrameRate(stream, constant));
  args.push(...keyframes.args);

  const alpha = keepsAlpha(video, stream.pixelFormat);
  // Re-time before scaling: frames the fps filter drops are never scaled.
  const filters = [
    constant ? frameRateFilter(constant) : null,
    scaleFilter(source, geometry.scaled),
    padFilter(geometry, alpha),
    alpha && video.alpha === 'premultiplied' ? 'premultiply=inplace=1' : null,
  ].filter((f): f is string => f !== null);
  if (filters.length > 0) args.push('-vf', filters.join(','));
  args.push('-pix_fmt', encodePixelFormat(video, stream.pixelFormat));
  if (video.tag) args.push('-tag:v', video.tag);

  if (video.codec === 'libx265') {
    // One -x265-params (a second would replace the first); warnings only, so ffmpeg's own error stays in the
    // stderr tail instead of x265's banner and statistics.
    const bframes = video.bframes === undefined ? [] : [`bframes=${video.bframes}`];
    args.push('-x265-params', [...keyframes.x265Params, ...bframes, 'log-level=warning'].join(':'));
  }
  return args;
}

// Centred, on even offsets so 4:2:x chroma stays aligned; transparent where the output keeps alpha.
function padFilter(geometry: FrameGeometry, alpha: boolean): string | null {
  const { scaled, frame } = geometry;
  if (scaled.width === frame.width && scaled.height === frame.height) return null;
  const x = Math.floor((frame.width - scaled.width) / 4) * 2;
  const y = Math.floor((frame.height - scaled.height) / 4) * 2;
  return `pad=${frame.width}:${frame.height}:${x}:${y}:color=${alpha ? 'black@0' : 'black'}`;
}

function lcm(a: number, b: number): number {
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  return (a * b) / gcd(a, b);
}
