import { audioStreams, type MediaInfo, videoStreams } from '../media/media-info.ts';
import type { VerifyCheck } from '../media/verify-checks.ts';
import type { PlaybackTarget, TargetCodecRule } from './types.ts';

/** Bits per sample of a PCM codec name (pcm_s24le → 24); null for compressed audio. */
export function pcmBitDepth(codec: string): number | null {
  const match = /^pcm_[suf](\d+)/.exec(codec);
  return match ? Number(match[1]) : null;
}

/** The codec rule a file's video falls under, if the target plays that codec at all. */
export function codecRule(target: PlaybackTarget, info: MediaInfo): TargetCodecRule | undefined {
  const video = videoStreams(info)[0];
  return video ? target.video.find((r) => r.codec === video.codec) : undefined;
}

/** Whether judging this file needs its keyframe times (a GOP rule on its codec). */
export function needsKeyframes(target: PlaybackTarget, info: MediaInfo): boolean {
  return codecRule(target, info)?.maxGopSeconds !== undefined;
}

/**
 * Every check of `target` on a finished file, one VerifyCheck each, named `target.<name>.<what>`. Pure: the caller
 * probes, and reads keyframe times when {@link needsKeyframes} says so (absent times fail the GOP check).
 *
 * @example
 * checkTarget(await probe(file, { ffprobe }), findTarget('disguise')!).filter((c) => !c.ok);
 */
export function checkTarget(
  info: MediaInfo,
  target: PlaybackTarget,
  keyframeTimes?: readonly number[],
): VerifyCheck[] {
  const prefix = `target.${target.name}`;
  const checks: VerifyCheck[] = [];
  const video = videoStreams(info)[0];
  if (video) {
    const rule = target.video.find((r) => r.codec === video.codec);
    const allowed = target.video.map((r) => r.codec).join(', ');
    checks.push(check(`${prefix}.video.codec`, rule !== undefined, allowed, video.codec));
    if (rule?.tags) {
      checks.push(
        check(
          `${prefix}.video.tag`,
          rule.tags.includes(video.codecTag ?? ''),
          rule.tags.join(', '),
          video.codecTag ?? 'none',
        ),
      );
    }
    const multiple = Math.max(target.sizeMultiple ?? 1, rule?.sizeMultiple ?? 1);
    if (multiple > 1) {
      const ok = video.width % multiple === 0 && video.height % multiple === 0;
      checks.push(
        check(
          `${prefix}.video.size_multiple`,
          ok,
          `width and height multiples of ${multiple}`,
          `${video.width}×${video.height}`,
        ),
      );
    }
    if (target.maxWidth !== undefined || target.maxHeight !== undefined) {
      const ok =
        video.width <= (target.maxWidth ?? Infinity) && video.height <= (target.maxHeight ?? Infinity);
      checks.push(
        check(
          `${prefix}.video.max_size`,
          ok,
          `at most ${target.maxWidth ?? 'any'}×${target.maxHeight ?? 'any'}`,
          `${video.width}×${video.height}`,
        ),
      );
    }
    if (rule) checks.push(...codecChecks(prefix, rule, video, info, keyframeTimes));
  }
  if (target.audio) {
    const rule = target.audio;
    for (const audio of audioStreams(info)) {
      const at = `${prefix}.audio.${audio.index}`;
      checks.push(
        check(`${at}.codec`, rule.codecs.includes(audio.codec), rule.codecs.join(', '), audio.codec),
      );
      if (rule.sampleRates) {
        const rate = audio.sampleRate;
        checks.push(
          check(
            `${at}.sample_rate`,
            rate !== null && rule.sampleRates.includes(rate),
            rule.sampleRates.map(hz).join(', '),
            rate === null ? 'unknown' : hz(rate),
          ),
        );
      }
      if (rule.maxChannels !== undefined) {
        const n = audio.channels;
        checks.push(
          check(
            `${at}.channels`,
            n !== null && n <= rule.maxChannels,
            `at most ${rule.maxChannels}`,
            `${n ?? 'unknown'}`,
          ),
        );
      }
    }
  }
  return checks;
}

function codecChecks(
  prefix: string,
  rule: TargetCodecRule,
  video: NonNullable<ReturnType<typeof videoStreams>[0]>,
  info: MediaInfo,
  keyframeTimes: readonly number[] | undefined,
): VerifyCheck[] {
  const checks: VerifyCheck[] = [];
  if (rule.maxLevel !== undefined) {
    const level = video.level ?? null;
    checks.push(
      check(
        `${prefix}.video.level`,
        level !== null && level <= rule.maxLevel + 1e-9,
        `≤ ${rule.maxLevel}`,
        level === null ? 'unknown' : `${level}`,
      ),
    );
  }
  if (rule.bframes === false) {
    const b = video.hasBFrames;
    checks.push(
      check(
        `${prefix}.video.bframes`,
        b === false,
        'no B-frames',
        b === true ? 'B-frames' : b === false ? 'none' : 'unknown',
      ),
    );
  }
  if (rule.constantFrameRate) {
    checks.push(
      check(
        `${prefix}.video.frame_rate`,
        !video.variableFrameRate,
        'constant',
        video.variableFrameRate ? 'variable' : 'constant',
      ),
    );
  }
  if (rule.maxGopSeconds !== undefined) {
    const gop = longestGop(keyframeTimes, video.durationSeconds ?? info.durationSeconds);
    // One frame of slack: a 1 s GOP at 29.97 fps is 30 frames, 1.001 s.
    const frame = video.frameRate ? 1 / video.frameRate : 0.04;
    checks.push(
      check(
        `${prefix}.video.gop`,
        gop !== null && gop <= rule.maxGopSeconds + frame,
        `keyframes at most ${rule.maxGopSeconds} s apart`,
        gop === null ? 'unknown' : `${Math.round(gop * 1000) / 1000} s`,
      ),
    );
  }
  return checks;
}

// The longest stretch without a keyframe, counting the run from the last keyframe to the end of the stream.
function longestGop(times: readonly number[] | undefined, end: number | null): number | null {
  if (!times || times.length === 0) return null;
  const sorted = [...times].sort((a, b) => a - b);
  let longest = 0;
  for (let i = 1; i < sorted.length; i++) longest = Math.max(longest, sorted[i] - sorted[i - 1]);
  if (end !== null) longest = Math.max(longest, end - sorted[sorted.length - 1]);
  return longest;
}

function check(name: string, ok: boolean, expected: string, actual: string): VerifyCheck {
  return { name, ok, expected, actual };
}

function hz(rate: number): string {
  return `${rate / 1000} kHz`;
}
