import { setPriority } from 'node:os';
import { execa } from 'execa';
import { lastMeaningfulLine } from './ffmpeg-run-stderr.ts';

export interface PosterRunOptions {
  signal: AbortSignal;
  /** 19 = lowest priority. Applied right after the spawn (node:os setPriority; Linux, macOS and Windows). */
  niceness: number;
  timeoutMs: number;
}

/**
 * Runs one short ffmpeg at low CPU priority. Renicing can fail (a platform or sandbox that forbids it); the poster
 * is still made, just at normal priority, since a missing thumbnail is worse than a briefly shared core.
 */
export async function runPosterFfmpeg(
  ffmpeg: string,
  args: string[],
  options: PosterRunOptions,
): Promise<void> {
  const subprocess = execa(ffmpeg, args, {
    stdin: 'ignore',
    stdout: 'ignore',
    stderr: 'pipe',
    reject: false,
    cancelSignal: options.signal,
    timeout: options.timeoutMs,
  });
  if (subprocess.pid !== undefined) {
    try {
      setPriority(subprocess.pid, options.niceness);
    } catch {
      // See above: best effort.
    }
  }
  const result = await subprocess;
  if (result.exitCode === 0 && !result.failed) return;
  const stderr = typeof result.stderr === 'string' ? result.stderr.split('\n') : [];
  const why = lastMeaningfulLine(stderr) ?? result.shortMessage ?? `exit code ${result.exitCode}`;
  throw new Error(why);
}
