import { listEncoders } from '../../src/media/encoders.ts';

/**
 * Which encoders the test machine's ffmpeg has. A test needing one it lacks is skipped with a visible message on a
 * developer machine (the npm-bundled ffmpeg has no `hap`), but fails in CI (CI=true), which runs Debian's ffmpeg
 * with all of them: a missing encoder there is a broken CI image, not a reason to test less.
 */
export const AVAILABLE_ENCODERS = await listEncoders('ffmpeg');

export function lacksEncoder(name: string): boolean {
  if (AVAILABLE_ENCODERS.has(name)) return false;
  if (process.env.CI === 'true') {
    throw new Error(`ffmpeg on this CI machine lacks the ${name} encoder; CI must run an ffmpeg that has it`);
  }
  console.warn(`SKIPPED: ffmpeg lacks the ${name} encoder; tests that need it do not run here`);
  return true;
}
