import type { JobLoudness, JobOverrides } from '../../machines/types.ts';
import type { LoudnessPlan } from '../profiles/args-audio.ts';
import { loudnessFor } from '../profiles/args-audio.ts';
import { selectStreams } from '../profiles/args-streams.ts';
import type { Profile } from '../profiles/schema.ts';
import { figuresOf, loudnormMode, measureLoudnorm } from './loudness.ts';
import type { MediaInfo } from './media-info.ts';

export interface PlannedLoudness {
  /** What the encode applies; absent when the profile only measures. */
  plan?: LoudnessPlan;
  /** The job's loudness report so far: target, mode and the source figures; verification adds the output's. */
  report: JobLoudness;
}

/**
 * The first loudnorm pass over every audio stream the output takes, when the job normalises; otherwise just the
 * empty report, with the profile's target or none (the output is measured after the encode, loudness-output.ts).
 * Undefined when the output has no audio or the profile turns measuring off (`loudness.measure: false`). The pass
 * decodes the audio once, a fraction of a video encode (BENCHMARKS.md).
 */
export async function planLoudness(params: {
  input: MediaInfo;
  profile: Profile;
  overrides: JobOverrides;
  ffmpeg: string;
  signal?: AbortSignal;
}): Promise<PlannedLoudness | undefined> {
  const settings = loudnessFor(params.profile, params.overrides);
  const streams = selectStreams(params.input, params.profile).audio;
  if (streams.length === 0 || !params.profile.audio) return undefined;
  const unmeasured = streams.map(() => ({ source: null, output: null }));
  if (!settings) {
    if (params.profile.loudness?.measure === false) return undefined;
    return { report: { targetLufs: null, truePeakDb: null, mode: 'measured', streams: unmeasured } };
  }
  const base = { targetLufs: settings.target_lufs, truePeakDb: settings.true_peak_db };
  if (!settings.normalize) {
    return {
      report: { ...base, mode: 'measured', streams: unmeasured },
    };
  }
  const measured = [];
  for (const stream of streams) {
    measured.push(
      await measureLoudnorm(params.input.path, settings, {
        ffmpeg: params.ffmpeg,
        streamIndex: stream.index,
        signal: params.signal,
      }),
    );
  }
  const first = measured.find((m) => m !== null);
  const mode = first ? loudnormMode(settings, first) : 'silent';
  const report: JobLoudness = {
    ...base,
    mode,
    streams: measured.map((m) => ({ source: m ? figuresOf(m) : null, output: null })),
  };
  return { plan: { settings, measured }, report };
}
