import type { MediaInfo } from '../../media/media-info.ts';
import type { Readiness } from '../../media/readiness.ts';
import { conformRate } from '../../profiles/args-frame-rate.ts';
import { DEFAULT_STILL_RATE, DEFAULT_STILL_SECONDS, isStillImage } from '../../profiles/args-still.ts';
import type { Profile } from '../../profiles/schema.ts';
import type { TargetReport } from '../../targets/report.ts';

/** A still image (PNG, JPEG, TIFF, …) seen as the clip a job makes of it. */
export interface StillClip {
  /** Seconds of clip: the profile's `still_duration`, else the default (10). */
  seconds: number;
  /** The clip's frame rate: the profile's `frame_rate`, else 25 (a picture has none of its own). */
  frameRate: string;
  /** Where the length comes from, for the operator. */
  lengthFrom: 'profile' | 'default';
  /** The probe as the clip: its duration, and the clip's rate on the picture's stream (ffprobe's 25 means nothing). */
  info: MediaInfo;
}

/**
 * The clip a still becomes under `profile` (or the defaults without one), as jobs make it (args-still.ts); null for
 * anything that is not a single still picture. Analysing the clip, not the picture, keeps `bvp analyze` from
 * reporting an unknown duration, ffprobe's made-up 25 fps, or a frame-rate conversion that a repeated picture
 * cannot have.
 */
export function stillClipOf(info: MediaInfo, profile: Profile | undefined): StillClip | null {
  if (!isStillImage(info)) return null;
  const seconds = profile?.still_duration ?? DEFAULT_STILL_SECONDS;
  const rate = conformRate(profile?.frame_rate) ?? {
    rational: DEFAULT_STILL_RATE,
    fps: Number(DEFAULT_STILL_RATE),
  };
  const streams = info.streams.map((s) =>
    s.type === 'video'
      ? { ...s, frameRate: rate.fps, frameRateRational: rate.rational, variableFrameRate: false }
      : s,
  );
  return {
    seconds,
    frameRate: rate.rational,
    lengthFrom: profile?.still_duration === undefined ? 'default' : 'profile',
    // A bit rate from one picture's size over ffprobe's one-frame duration describes nothing a player streams.
    info: { ...info, durationSeconds: seconds, bitRate: null, streams },
  };
}

/** One sentence for the report: what the picture becomes. */
export function describeStill(still: StillClip, profile: Profile | undefined): string {
  const from =
    still.lengthFrom === 'profile'
      ? `profile ${profile?.name}'s still_duration`
      : "default length; a profile's still_duration sets it";
  return `image, becomes a ${still.seconds} s clip at ${still.frameRate} fps (${from})`;
}

/** A readiness verdict on the clip, led by the change that makes the clip. */
export function withStillChange(readiness: Readiness, still: StillClip): Readiness {
  const change = `the still image will become a ${still.seconds} s clip at ${still.frameRate} fps (the picture repeated)`;
  return { ...readiness, changes: [change, ...readiness.changes] };
}

/** A target verdict on the clip: the profile that would make it ready says it makes the clip first. */
export function stillTargetReport(report: TargetReport, still: StillClip): TargetReport {
  if (!report.profile) return report;
  const change = `the still image will become a ${still.seconds} s clip at ${still.frameRate} fps (the picture repeated)`;
  return { ...report, profile: { ...report.profile, changes: [change, ...report.profile.changes] } };
}
