import type { JobOverrides } from '../../machines/types.ts';
import { isBvpError } from '../errors.ts';
import { sidecarFormat } from '../profiles/args-audio.ts';
import type { AudioSettings } from '../profiles/schema.ts';
import { audioStreams, type MediaInfo } from './media-info.ts';
import { probe } from './probe.ts';
import { defaultDurationTolerance, type VerifyCheck } from './verify-checks.ts';

/**
 * The sidecar WAV, probed: a WAV with exactly one PCM stream at the rate, depth and channels asked for, as long as
 * the input. Checked like the video before either file gets its final name.
 */
export async function verifySidecar(
  sidecarPath: string,
  input: MediaInfo,
  audio: AudioSettings,
  overrides: JobOverrides,
  options: { ffprobe: string; signal?: AbortSignal },
): Promise<VerifyCheck[]> {
  let info: MediaInfo;
  try {
    info = await probe(sidecarPath, {
      ffprobe: options.ffprobe,
      signal: options.signal,
      allowNoStreams: true,
    });
  } catch (error) {
    if (!isBvpError(error) || !error.code.startsWith('input.')) throw error;
    return [
      {
        name: 'sidecar.readable',
        ok: false,
        expected: 'a WAV ffprobe can read',
        actual: 'unreadable',
        message: error.message,
      },
    ];
  }
  return sidecarChecks(input, info, audio, overrides);
}

/** Pure part of {@link verifySidecar}, on the probed sidecar. */
export function sidecarChecks(
  input: MediaInfo,
  sidecar: MediaInfo,
  audio: AudioSettings,
  overrides: JobOverrides = {},
): VerifyCheck[] {
  const want = sidecarFormat(audio, overrides);
  const streams = audioStreams(sidecar);
  const stream = streams[0];
  const checks: VerifyCheck[] = [
    check('sidecar.container', 'wav', sidecar.formatName || 'unknown'),
    check(
      'sidecar.streams',
      '1 audio stream',
      `${streams.length} audio stream${streams.length === 1 ? '' : 's'}`,
    ),
  ];
  if (!stream) return checks;
  checks.push(check('sidecar.codec', `pcm_s${want.bitDepth}le`, stream.codec));
  checks.push(check('sidecar.bit_depth', `${want.bitDepth}`, `${stream.bitsPerSample ?? 'unknown'}`));
  checks.push(check('sidecar.sample_rate', `${want.sampleRate}`, `${stream.sampleRate ?? 'unknown'}`));
  if (want.channels !== undefined)
    checks.push(check('sidecar.channels', `${want.channels}`, `${stream.channels ?? 'unknown'}`));
  const tolerance = defaultDurationTolerance(input);
  const wanted = input.durationSeconds;
  const got = sidecar.durationSeconds;
  if (wanted !== null) {
    const ok = got !== null && Math.abs(got - wanted) <= tolerance;
    checks.push({
      name: 'sidecar.duration',
      ok,
      expected: `${wanted.toFixed(3)} s ± ${tolerance} s`,
      actual: got === null ? 'unknown' : `${got.toFixed(3)} s`,
    });
  }
  return checks;
}

function check(name: string, expected: string, actual: string): VerifyCheck {
  return { name, ok: expected === actual, expected, actual };
}
