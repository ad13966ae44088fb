import { dnxhrProfileName } from '../profiles/args-codec.ts';
import { conformRate } from '../profiles/args-frame-rate.ts';
import { HAP_FORMATS, type Profile, type VideoSettings } from '../profiles/schema.ts';
import type { VideoStreamInfo } from './media-info.ts';
import type { VerifyCheck } from './verify-checks.ts';

/**
 * Video checks for the show-media settings: the HAP flavour's tag, the DNxHR profile, no B-frames, the codec level,
 * and a conformed frame rate. Pure, on the probed output stream.
 */
export function showVideoChecks(out: VideoStreamInfo, video: VideoSettings, profile: Profile): VerifyCheck[] {
  const checks: VerifyCheck[] = [];
  if (video.codec === 'hap') {
    const tag = HAP_FORMATS[video.hap_format ?? 'hap'];
    checks.push(
      same('video.hap_format', tag, out.codecTag ?? 'none', `${video.hap_format} is tagged ${tag}`),
    );
  }
  if (video.codec === 'dnxhd') {
    checks.push(same('video.dnxhr_profile', dnxhrProfileName(video), out.profile ?? 'unknown'));
  }
  if (video.bframes === 0) {
    const actual =
      out.hasBFrames === undefined || out.hasBFrames === null
        ? 'unknown'
        : out.hasBFrames
          ? 'B-frames'
          : 'none';
    checks.push({
      name: 'video.bframes',
      ok: actual === 'none',
      expected: 'no B-frames',
      actual,
      ...(actual === 'none' ? {} : { message: 'the output has B-frames: loops and scrubbing may stutter' }),
    });
  }
  if (video.max_level !== undefined) {
    const level = out.level ?? null;
    checks.push({
      name: 'video.level',
      ok: level !== null && level <= video.max_level + 1e-9,
      expected: `level ≤ ${video.max_level}`,
      actual: level === null ? 'unknown' : `${level}`,
    });
  }
  const conform = conformRate(profile.frame_rate);
  if (conform) {
    const fps = out.frameRate;
    const ok = fps !== null && Math.abs(fps - conform.fps) < 0.001 && !out.variableFrameRate;
    const actual =
      fps === null
        ? 'unknown'
        : `${out.frameRateRational ?? fps}${out.variableFrameRate ? ' (variable)' : ''}`;
    checks.push({ name: 'video.frame_rate', ok, expected: `constant ${conform.rational}`, actual });
  }
  return checks;
}

function same(name: string, expected: string, actual: string, why?: string): VerifyCheck {
  const ok = expected === actual;
  return { name, ok, expected, actual, ...(ok || !why ? {} : { message: why }) };
}
