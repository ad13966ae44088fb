import { execa } from 'execa';
import { BvpError } from '../errors.ts';
import type { Profile } from '../profiles/schema.ts';

const TIMEOUT_MS = 15_000;

/** Encoder names the given ffmpeg was built with (`ffmpeg -hide_banner -encoders`). */
export async function listEncoders(ffmpeg: string): Promise<Set<string>> {
  const stdout = await runTool(ffmpeg, ['-hide_banner', '-encoders']);
  return parseEncoders(stdout);
}

/**
 * Parses the `-encoders` table. Rows look like ` V....D libx264   libx264 H.264 …`: six capability flags, then the
 * name. The legend above the `------` line has the same flag shape, so only rows after it count.
 */
export function parseEncoders(text: string): Set<string> {
  const names = new Set<string>();
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim().startsWith('---'));
  for (const line of lines.slice(start + 1)) {
    const match = /^\s*[VAS.][F.][S.][X.][B.][D.]\s+(\S+)/.exec(line);
    if (match) names.add(match[1]);
  }
  return names;
}

/** The encoders a set of profiles needs, sorted and without duplicates. */
export function requiredEncoders(profiles: readonly Profile[]): string[] {
  const names = new Set<string>();
  for (const profile of profiles) {
    if (profile.video) names.add(profile.video.codec);
    if (profile.audio) names.add(profile.audio.codec);
  }
  return [...names].sort();
}

/** The version string from the first line of `-version` ("ffmpeg version 5.1.9-0+deb12u1 Copyright …" → "5.1.9-0+deb12u1"). */
export async function ffmpegVersion(binary: string): Promise<string> {
  const stdout = await runTool(binary, ['-hide_banner', '-version']);
  const version = parseVersion(stdout);
  if (!version) throw new BvpError('ffmpeg.failed', `${binary} -version printed no version line`);
  return version;
}

export function parseVersion(text: string): string | null {
  return /^\S+ version (\S+)/m.exec(text)?.[1] ?? null;
}

async function runTool(binary: string, args: string[]): Promise<string> {
  const result = await execa(binary, args, { reject: false, stdin: 'ignore', timeout: TIMEOUT_MS });
  if (!result.failed) return result.stdout;
  if ((result as { code?: string }).code === 'ENOENT') {
    throw new BvpError('ffmpeg.missing', `${binary} not found`, { cause: result.cause });
  }
  throw new BvpError('ffmpeg.failed', `${binary} ${args.join(' ')} failed: ${result.shortMessage}`, {
    stderrTail: result.stderr.split('\n').slice(-10),
  });
}
