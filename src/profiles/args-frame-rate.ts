import type { VideoStreamInfo } from '../media/media-info.ts';
import { isIntraCodec } from './args-codec.ts';
import { type KeyframePolicy, NTSC_RATES, type VideoCodec } from './schema.ts';

/** A constant output frame rate. */
export interface ConstantRate {
  /** As ffmpeg reads it, e.g. "2025/89": the probe's exact rational, so the rate is not rounded twice. */
  rational: string;
  /** Frames per second, from the same rational: the forced-keyframe GOP is counted at this rate. */
  fps: number;
}

/**
 * The constant rate a variable-frame-rate source is re-timed to, or null when its timing is left alone.
 *
 * Only a `forced` keyframe policy needs it. Keyframes are forced as a frame count (`-g N`, see args-keyframes.ts),
 * and N frames are N/rate seconds only when frames come at one rate. On a VFR source they do not, and ffmpeg does
 * not use the average either: the mov/mp4 muxers get constant frames at ffmpeg's guess (r_frame_rate, the finest
 * timestamp grid: 30 fps for a 30+15 fps clip whose average is 22.75), Matroska keeps the variable timing. A GOP
 * of 23 frames came out every 0.767 s (mp4) or up to 1.53 s (mkv) instead of every 1 s. Re-timing to the average
 * makes the frame count exact in every container, keeps the duration and about the same number of frames
 * (repeated where the source was slower, dropped where it was faster), and gives show players the constant rate
 * they prefer. Placing keyframes by time instead would, in Matroska, leave each one up to one *source* frame late,
 * and on a slow stretch that is more than the one (average) frame verification allows.
 *
 * Not for `max` (keyframes by time satisfy "at most" whatever the timing) nor without a policy: those keep the
 * source's timing as ffmpeg treats it.
 */
export function constantOutputRate(
  stream: VideoStreamInfo,
  codec: VideoCodec,
  policy: KeyframePolicy | undefined,
): ConstantRate | null {
  if (!stream.variableFrameRate || isIntraCodec(codec) || policy?.mode !== 'forced') return null;
  const fps = stream.frameRate;
  // No average: keyframes go by time instead (keyframeFrameRate gives null).
  if (fps === null || !(fps > 0)) return null;
  // frameRate is the rational rounded to 3 decimals; a rational that disagrees is not the same measurement.
  const exact = parseRational(stream.frameRateRational);
  return exact && Math.abs(exact.fps - fps) < 0.001 ? exact : { rational: String(fps), fps };
}

/**
 * The frame rate keyframes are counted at, or null to place them by time: the re-timed rate when there is one,
 * null for any other variable-rate output (no frame count is right there), the probed rate otherwise.
 */
export function keyframeFrameRate(stream: VideoStreamInfo, constant: ConstantRate | null): number | null {
  if (constant) return constant.fps;
  return stream.variableFrameRate ? null : stream.frameRate;
}

/**
 * The `fps` filter rather than `-r` with `-fps_mode cfr`: `-fps_mode` is new in ffmpeg 5.1 and the bundled
 * fallback (4.x) refuses to start with it, while `-vsync cfr` works on both but is deprecated from 5.1 on. The
 * filter exists in every version, needs no option at all, and gives the same frames and timestamps (checked on
 * 5.1 and the bundled 4.x): the mp4/mov muxers then run constant at the filter's rate, and Matroska passes its
 * already-constant timestamps through.
 */
export function frameRateFilter(rate: ConstantRate): string {
  return `fps=${rate.rational}`;
}

// Only plain digits go into a filter graph, where a ':' or ',' would mean something else.
function parseRational(text: string | null): ConstantRate | null {
  const match = text ? /^(\d+)(?:\/(\d+))?$/.exec(text) : null;
  if (!match) return null;
  const num = Number(match[1]);
  const den = Number(match[2] ?? '1');
  if (!(num > 0 && den > 0)) return null;
  const rational = match[2] && den !== 1 ? `${num}/${den}` : `${num}`;
  return { rational, fps: num / den };
}

/**
 * A profile's `frame_rate` as the constant rate to conform to, or null for `source` (or none). NTSC decimals
 * become their exact rationals (29.97 → 30000/1001): 29.97 taken as 2997/100 drifts a frame every 5.5 minutes.
 * Conforming is ffmpeg's `fps` filter: frames are repeated or dropped on the output grid, never slowed down or
 * sped up, so the duration and the audio stay as they are.
 */
export function conformRate(frameRate: string | number | undefined): ConstantRate | null {
  if (frameRate === undefined || frameRate === 'source') return null;
  const text = String(frameRate);
  const ntsc = NTSC_RATES[text];
  if (ntsc) return parseRational(ntsc);
  if (/^\d+\/\d+$/.test(text) || /^\d+$/.test(text)) return parseRational(text);
  const value = Number(text);
  if (!(value > 0)) return null;
  // A plain decimal such as 12.5: exact in thousandths, reduced so the filter graph reads a short rational.
  const num = Math.round(value * 1000);
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  const d = gcd(num, 1000);
  return parseRational(`${num / d}/${1000 / d}`);
}
