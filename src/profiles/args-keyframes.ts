import type { JobOverrides } from '../../machines/types.ts';
import { isIntraCodec } from './args-codec.ts';
import type { KeyframePolicy, VideoCodec, VideoSettings } from './schema.ts';

/**
 * Keyframe arguments, checked with ffprobe on ffmpeg 5.1 (libx264 core 164, libx265 3.5) on 29.97 fps sources
 * with hard scene cuts:
 *
 * - libx264 `-g N -sc_threshold 0`: IDR frames at exactly 0, N, 2N … and nowhere else (veryfast and slow).
 *   `-keyint_min` is left out: with scene cuts off it has no effect, and x264 clamps it to N/2+1 anyway.
 * - Adding `-force_key_frames expr:gte(t,n_forced*S)` to a frame-count GOP makes pairs: the forced times drift
 *   away from frame multiples (29.97 fps × 5 s: frame 1049 is forced at 35 s, the GOP puts the next one at 1050).
 *   So a known frame rate uses the frame-count GOP only.
 * - libx265 gets everything in `-x265-params keyint=N:min-keyint=N:scenecut=0:open-gop=0`. The 5.1 wrapper ignores
 *   `-sc_threshold 0` (an I frame still lands on a scene cut), and min-keyint=N alone only demotes cut frames to
 *   non-IDR I frames: `scenecut=0` is what keeps the intra frames on the grid. `open-gop=0` makes every keyframe
 *   an IDR rather than a CRA that players cannot start from cleanly.
 * - prores_ks is all-intra: every frame is a keyframe, so nothing is emitted.
 */
export interface KeyframeArgs {
  /** Plain ffmpeg options. */
  args: string[];
  /** `key=value` entries for `-x265-params` (libx265 takes a single `-x265-params`, merged by the caller). */
  x265Params: string[];
}

const NONE: KeyframeArgs = { args: [], x265Params: [] };

/**
 * The keyframe policy an encode uses: an override keeps the profile's mode and gives a profile without one
 * `forced`. ProRes keeps none (all-intra).
 */
export function keyframePolicy(
  video: VideoSettings,
  overrides: JobOverrides = {},
): KeyframePolicy | undefined {
  if (isIntraCodec(video.codec)) return undefined;
  if (overrides.keyframeSeconds === undefined) return video.keyframes;
  return { mode: video.keyframes?.mode ?? 'forced', seconds: overrides.keyframeSeconds };
}

/** Frames per keyframe interval: rounded, so 29.97 fps × 5 s is 150 (the original truncated to 149). */
export function gopFrames(frameRate: number, seconds: number): number {
  return Math.max(1, Math.round(frameRate * seconds));
}

/**
 * @param frameRate the output's constant frame rate, or null when unknown or variable (args-frame-rate.ts): then
 *   keyframes are placed by time with `-force_key_frames`, and for `forced` the frame-count GOP is pushed far
 *   beyond the interval so it cannot add a pair.
 */
export function keyframeArgs(
  codec: VideoCodec,
  policy: KeyframePolicy | undefined,
  frameRate: number | null,
): KeyframeArgs {
  if (!policy || isIntraCodec(codec)) return NONE;
  if (frameRate === null || !(frameRate > 0)) return keyframesByTime(codec, policy);
  const n = gopFrames(frameRate, policy.seconds);
  if (codec === 'libx264') {
    return {
      args: policy.mode === 'forced' ? ['-g', `${n}`, '-sc_threshold', '0'] : ['-g', `${n}`],
      x265Params: [],
    };
  }
  return {
    args: [],
    x265Params:
      policy.mode === 'forced'
        ? [`keyint=${n}`, `min-keyint=${n}`, 'scenecut=0', 'open-gop=0']
        : [`keyint=${n}`],
  };
}

// Without a constant frame rate no frame count is right, so keyframes are placed by time. For `forced` the frame-count
// GOP is pushed past the interval at 120 fps (the fastest source a show machine plays) so it cannot add a pair;
// for `max` the encoder's own GOP and scene cuts may add keyframes, which "at most" allows.
function keyframesByTime(codec: VideoCodec, policy: KeyframePolicy): KeyframeArgs {
  const force = ['-force_key_frames', `expr:gte(t,n_forced*${policy.seconds})`];
  const ceiling = gopFrames(120, policy.seconds * 2);
  if (codec === 'libx264') {
    return {
      args: policy.mode === 'forced' ? [...force, '-g', `${ceiling}`, '-sc_threshold', '0'] : force,
      x265Params: [],
    };
  }
  // libx265 turns a forced frame into an IDR only with -forced-idr; otherwise it is a plain I frame.
  return {
    args: [...force, '-forced-idr', '1'],
    x265Params: policy.mode === 'forced' ? [`keyint=${ceiling}`, 'scenecut=0', 'open-gop=0'] : [],
  };
}
