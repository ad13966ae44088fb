import type { MediaInfo, VideoStreamInfo } from '../media/media-info.ts';
import { sequencePattern } from '../media/sequence.ts';
import { type ConstantRate, conformRate } from './args-frame-rate.ts';
import type { Profile } from './schema.ts';

/** Frames per second of a sequence when neither `sequence_rate` nor a constant `frame_rate` says. */
export const DEFAULT_SEQUENCE_RATE = '25';

/** The rate a sequence's frames are read at: `sequence_rate`, else the profile's constant `frame_rate`, else 25. */
export function sequenceRate(profile: Pick<Profile, 'sequence_rate' | 'frame_rate'>): ConstantRate {
  return (
    conformRate(profile.sequence_rate) ??
    conformRate(profile.frame_rate) ??
    (conformRate(DEFAULT_SEQUENCE_RATE) as ConstantRate)
  );
}

/**
 * The input of an image-sequence folder (`input.sequence` set by the probe): the image2 demuxer on the numbered
 * pattern, read at the profile's rate from the first number; null for anything else. Forced `-f image2` and
 * `-pattern_type sequence`, so neither the `file:` prefix nor a `*` in a name changes how the pattern is read.
 */
export function sequenceInputArgs(inputPath: string, input: MediaInfo, profile: Profile): string[] | null {
  const seq = input.sequence;
  if (!seq) return null;
  return [
    '-f',
    'image2',
    '-pattern_type',
    'sequence',
    '-framerate',
    sequenceRate(profile).rational,
    '-start_number',
    String(seq.first),
    '-i',
    // `file:` as args.ts asFileUrl does (not imported: args.ts imports this module).
    `file:${sequencePattern(inputPath, seq)}`,
  ];
}

/** The probe of a sequence folder seen as the clip it becomes (frames ÷ rate), for progress and verification. */
export function asSequenceClip(input: MediaInfo, profile: Profile): MediaInfo {
  const seq = input.sequence;
  if (!seq) return input;
  const rate = sequenceRate(profile);
  const seconds = seq.count / rate.fps;
  const streams = input.streams.map((s) =>
    s.type === 'video'
      ? ({
          ...s,
          frameRate: Math.round(rate.fps * 1000) / 1000,
          frameRateRational: rate.rational,
          realFrameRateRational: rate.rational,
          variableFrameRate: false,
          durationSeconds: seconds,
        } satisfies VideoStreamInfo)
      : s,
  );
  return { ...input, durationSeconds: seconds, streams };
}
