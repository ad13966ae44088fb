import { conformRate } from '../profiles/args-frame-rate.ts';
import { sequenceRate } from '../profiles/args-sequence.ts';
import type { Profile } from '../profiles/schema.ts';
import type { MediaInfo } from './media-info.ts';
import { ffprobeInput, runFfprobe } from './probe.ts';
import type { VerifyCheck } from './verify-checks.ts';

export interface SequenceFramesOptions {
  ffprobe: string;
  streamIndex: number;
  signal?: AbortSignal;
}

/**
 * The frames an image sequence's output must hold: one per picture at the sequence's own rate; when the profile
 * conforms to another rate, the same duration at that rate (frames repeated or dropped), give or take one.
 */
export function expectedSequenceFrames(
  input: MediaInfo,
  profile: Profile,
): { frames: number; slack: number } | null {
  const seq = input.sequence;
  if (!seq) return null;
  const read = sequenceRate(profile);
  const out = conformRate(profile.frame_rate);
  if (!out || out.rational === read.rational) return { frames: seq.count, slack: 0 };
  return { frames: Math.round((seq.count / read.fps) * out.fps), slack: 1 };
}

/**
 * Counts the output's video packets (no decode: `-count_packets`) against the sequence's frame count, so a clip
 * that lost or gained frames fails even where its duration stays inside the duration check's tolerance.
 */
export async function verifySequenceFrames(
  outputPath: string,
  input: MediaInfo,
  profile: Profile,
  options: SequenceFramesOptions,
): Promise<VerifyCheck | null> {
  const expected = expectedSequenceFrames(input, profile);
  if (!expected) return null;
  const { stdout } = await runFfprobe(
    options.ffprobe,
    [
      '-v',
      'error',
      '-select_streams',
      String(options.streamIndex),
      '-count_packets',
      '-show_entries',
      'stream=nb_read_packets',
      '-of',
      'csv=p=0',
      ffprobeInput(outputPath),
    ],
    { file: outputPath, signal: options.signal },
  );
  const actual = Number.parseInt(stdout.trim(), 10);
  const ok = Number.isFinite(actual) && Math.abs(actual - expected.frames) <= expected.slack;
  const want = `${expected.frames}${expected.slack ? ` ± ${expected.slack}` : ''} frames`;
  return {
    name: 'sequence.frames',
    ok,
    expected: want,
    actual: Number.isFinite(actual) ? `${actual} frames` : 'unknown',
    ...(ok
      ? {}
      : {
          message: `the image sequence has ${input.sequence?.count} pictures; the output should hold ${want}, it holds ${Number.isFinite(actual) ? actual : 'an unknown number'}`,
        }),
  };
}
