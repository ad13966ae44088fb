import type { JobLoudness } from '../../machines/types.ts';
import { measureOutputLoudness } from './loudness-output.ts';
import { audioStreams, type MediaInfo } from './media-info.ts';
import type { VerifyCheck } from './verify-checks.ts';

/** How far the output's integrated loudness may be from the target. */
export const LOUDNESS_TOLERANCE_LU = 1;

/**
 * Measures every audio stream of the output with `ebur128` and, when the job normalised, checks each is within
 * ±1 LU of the target. Returns the report with the output figures filled in. A stream whose source was silent is
 * not checked: silence has no loudness to bring to a target. A measurement that fails only fails the job when it
 * normalised (the result cannot be confirmed); a measure-only job keeps the reason in `unmeasured`.
 */
export async function verifyLoudness(
  output: MediaInfo,
  report: JobLoudness,
  options: { ffmpeg: string; signal?: AbortSignal },
): Promise<{ checks: VerifyCheck[]; report: JobLoudness }> {
  const measured = await measureOutputLoudness(output, report, options);
  const target = report.targetLufs;
  if (report.mode === 'measured' || report.mode === 'silent' || target === null) {
    return { checks: [], report: measured };
  }
  const outs = audioStreams(output);
  if (measured.unmeasured !== undefined) {
    const check = {
      ...loudnessCheck(null, target, null),
      actual: 'not measured',
      message: measured.unmeasured,
    };
    return { checks: [check], report: measured };
  }
  const checks = measured.streams.flatMap((stream, i) =>
    stream.source === null
      ? []
      : [loudnessCheck(stream.output?.integratedLufs ?? null, target, outs.length > 1 ? i : null)],
  );
  return { checks, report: measured };
}

/** The `audio.loudness` check for one measured stream. */
export function loudnessCheck(measured: number | null, target: number, stream: number | null): VerifyCheck {
  const name = stream === null ? 'audio.loudness' : `audio.loudness.${stream}`;
  const expected = `${target} ± ${LOUDNESS_TOLERANCE_LU} LUFS`;
  if (measured === null) {
    return {
      name,
      ok: false,
      expected,
      actual: 'silent',
      message: 'the output audio has no measurable loudness',
    };
  }
  const off = measured - target;
  const ok = Math.abs(off) <= LOUDNESS_TOLERANCE_LU;
  return {
    name,
    ok,
    expected,
    actual: `${measured} LUFS`,
    ...(ok
      ? {}
      : {
          message: `the output is ${Math.abs(off).toFixed(1)} LU ${off < 0 ? 'quieter' : 'louder'} than the target`,
        }),
  };
}
