import type { JobOverrides } from '../../machines/types.ts';
import type { VideoStreamInfo } from '../media/media-info.ts';
import { constantOutputRate, frameRateFilter, keyframeFrameRate } from './args-frame-rate.ts';
import { keyframeArgs, keyframePolicy } from './args-keyframes.ts';
import { rateControlArgs } from './args-rate.ts';
import { chromaAlignment, fitWithin, type Size, scaleFilter } from './args-scale.ts';
import { PRORES_PROFILES, type SpeedPreset, type VideoSettings } from './schema.ts';

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

/** The output frame size for a source under a profile and overrides; the override box replaces the profile's. */
export function outputSize(source: Size, video: VideoSettings, overrides: JobOverrides = {}): Size {
  const box = overrides.resolution ?? { width: video.max_width, height: video.max_height };
  return fitWithin(source, box, { upscale: video.upscale, alignment: chromaAlignment(video.pixel_format) });
}

/** Everything after `-map` that concerns the video stream. */
export function videoArgs(
  stream: VideoStreamInfo,
  video: VideoSettings,
  overrides: JobOverrides = {},
): string[] {
  const args = ['-c:v', video.codec];
  if (video.codec === 'prores_ks') {
    // apl0 makes the file say Apple wrote it; some players (and QuickTime's own checks) are pickier otherwise.
    args.push('-profile:v', `${PRORES_PROFILES[video.prores_profile ?? 'hq']}`, '-vendor', 'apl0');
  } else {
    args.push('-preset', X26X_PRESETS[overrides.preset ?? video.preset]);
  }
  args.push(...rateControlArgs(video));

  const policy = keyframePolicy(video, overrides);
  const constant = constantOutputRate(stream, video.codec, policy);
  const keyframes = keyframeArgs(video.codec, policy, keyframeFrameRate(stream, constant));
  args.push(...keyframes.args);

  const source = { width: stream.width, height: stream.height };
  // Re-time before scaling: frames the fps filter drops are never scaled.
  const filters = [
    constant ? frameRateFilter(constant) : null,
    scaleFilter(source, outputSize(source, video, overrides)),
  ].filter((f): f is string => f !== null);
  if (filters.length > 0) args.push('-vf', filters.join(','));
  args.push('-pix_fmt', video.pixel_format);
  if (video.tag) args.push('-tag:v', video.tag);

  if (video.codec === 'libx265') {
    // One -x265-params (a second would replace the first); warnings only, so ffmpeg's own error stays in the
    // stderr tail instead of x265's banner and statistics.
    args.push('-x265-params', [...keyframes.x265Params, 'log-level=warning'].join(':'));
  }
  return args;
}
