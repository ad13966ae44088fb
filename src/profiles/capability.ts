import { BvpError } from '../errors.ts';
import type { Profile } from './schema.ts';

/** Whether the ffmpeg in use can run a profile, and if not, why, in words an operator can act on. */
export interface ProfileSupport {
  runnable: boolean;
  /** Encoders the profile needs that this ffmpeg lacks. */
  missing: string[];
  /** Null when runnable. */
  reason: string | null;
}

/** The encoders a profile needs (video codec, audio codec). */
export function profileEncoders(profile: Profile): string[] {
  const names: string[] = [];
  if (profile.video && profile.streams.video !== 'none') names.push(profile.video.codec);
  if (profile.audio && profile.streams.audio !== 'none') names.push(profile.audio.codec);
  return names;
}

// Where a missing encoder usually comes from, so the reason says what to do about it.
const HINTS: Readonly<Record<string, string>> = {
  hap: 'the npm-bundled ffmpeg has no HAP encoder; use a distribution ffmpeg (Debian/Ubuntu: apt install ffmpeg) via PATH or BVP_FFMPEG',
  libx265: 'use an ffmpeg built with libx265 (Debian/Ubuntu: apt install ffmpeg)',
};

/**
 * Judges a profile against the encoder list of an ffmpeg (`listEncoders`). `available` null means the list could
 * not be read (a wrapper script, a broken install): then nothing is refused here and the encode itself will say.
 */
export function profileSupport(profile: Profile, available: ReadonlySet<string> | null): ProfileSupport {
  if (!available) return { runnable: true, missing: [], reason: null };
  const missing = profileEncoders(profile).filter((name) => !available.has(name));
  if (missing.length === 0) return { runnable: true, missing, reason: null };
  const list = missing.join(', ');
  const hint = missing.map((m) => HINTS[m]).find(Boolean) ?? 'use an ffmpeg built with it';
  return {
    runnable: false,
    missing,
    reason: `the ffmpeg in use lacks the ${list} encoder${missing.length === 1 ? '' : 's'} profile "${profile.name}" needs: ${hint}`,
  };
}

/** @throws BvpError `profile.invalid` with the reason and the missing encoders when the profile cannot run. */
export function assertRunnable(profile: Profile, available: ReadonlySet<string> | null): void {
  const support = profileSupport(profile, available);
  if (support.runnable) return;
  throw new BvpError('profile.invalid', `cannot run profile "${profile.name}": ${support.reason}`, {
    details: { field: 'profile', profile: profile.name, missingEncoders: support.missing },
  });
}
