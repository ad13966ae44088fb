import type { JobOverrides } from '../../machines/types.ts';
import { type LoudnessTarget, type LoudnormMeasurement, loudnormFilter } from '../media/loudness.ts';
import type { AudioStreamInfo } from '../media/media-info.ts';
import { formatBitrate, parseBitrate } from './args-rate.ts';
import type { AudioSettings, Profile } from './schema.ts';

/** The sidecar WAV's format when neither the profile nor its target says: 48 kHz 24-bit, the show standard. */
export const SIDECAR_DEFAULTS = { sampleRate: 48_000, bitDepth: 24 } as const;
const LOUDNESS_DEFAULTS = { true_peak_db: -1, lra: 11 } as const;

/**
 * The loudness target a job runs with: the profile's, or an override's target (which also turns normalisation
 * on, with the profile's or the default peak and range); undefined when neither sets a target (the output is still
 * measured, unless the profile says `measure: false`).
 */
export function loudnessFor(profile: Profile, overrides: JobOverrides = {}): LoudnessTarget | undefined {
  if (overrides.loudnessLufs === undefined) {
    const settings = profile.loudness;
    return settings?.target_lufs === undefined
      ? undefined
      : { ...settings, target_lufs: settings.target_lufs };
  }
  return {
    ...LOUDNESS_DEFAULTS,
    ...profile.loudness,
    target_lufs: overrides.loudnessLufs,
    normalize: true,
    measure: true,
  };
}

/**
 * The audio part of the argv, per output audio stream. Normalisation puts the second loudnorm pass on each stream
 * with that stream's first-pass figures; loudnorm resamples to 192 kHz internally, so a normalised stream always
 * gets an explicit rate (the profile's, else the source's).
 */
export function audioArgs(
  audio: AudioSettings,
  sources: readonly AudioStreamInfo[],
  overrides: JobOverrides,
  loudness?: LoudnessPlan,
): string[] {
  const args = ['-c:a', audio.codec];
  // PCM has no bitrate to choose; validate.ts rejects one, and it is ignored here in case a caller skipped that.
  const bits = audio.codec === 'aac' && audio.bitrate ? parseBitrate(audio.bitrate) : null;
  if (bits !== null) args.push('-b:a', formatBitrate(bits));
  const rate = overrides.audioSampleRate ?? audio.sample_rate;
  if (rate !== undefined) args.push('-ar', `${rate}`);
  if (audio.channels !== undefined) args.push('-ac', `${audio.channels}`);
  sources.forEach((source, i) => {
    const measured = loudness?.measured[i];
    if (!loudness || !measured) return;
    args.push(`-filter:a:${i}`, loudnormFilter(loudness.settings, measured));
    if (rate === undefined && source.sampleRate) args.push(`-ar:a:${i}`, `${source.sampleRate}`);
  });
  return args;
}

/** Normalisation to apply: the settings and the first pass's figures per selected audio stream (null: silent). */
export interface LoudnessPlan {
  settings: LoudnessTarget;
  measured: ReadonlyArray<LoudnormMeasurement | null>;
}

/** The sidecar WAV's format: the profile's rate, depth and channels, else 48 kHz 24-bit and the source's channels. */
export function sidecarFormat(
  audio: AudioSettings,
  overrides: JobOverrides = {},
): { sampleRate: number; bitDepth: 16 | 24; channels?: number } {
  return {
    sampleRate: overrides.audioSampleRate ?? audio.sample_rate ?? SIDECAR_DEFAULTS.sampleRate,
    bitDepth: audio.bit_depth ?? SIDECAR_DEFAULTS.bitDepth,
    ...(audio.channels === undefined ? {} : { channels: audio.channels }),
  };
}

/**
 * A second output in the same ffmpeg run: the first selected audio stream as PCM WAV, normalised like the main
 * output. One decode feeds both, so they cannot disagree about the audio.
 */
export function sidecarArgs(
  audio: AudioSettings,
  source: AudioStreamInfo,
  overrides: JobOverrides,
  loudness: LoudnessPlan | undefined,
  sidecarUrl: string,
): string[] {
  const format = sidecarFormat(audio, overrides);
  const args = ['-map', `0:${source.index}`, '-c:a', `pcm_s${format.bitDepth}le`];
  args.push('-ar', `${format.sampleRate}`);
  if (format.channels !== undefined) args.push('-ac', `${format.channels}`);
  const measured = loudness?.measured[0];
  if (loudness && measured) args.push('-af', loudnormFilter(loudness.settings, measured));
  args.push('-rf64', 'auto', '-f', 'wav', sidecarUrl);
  return args;
}
