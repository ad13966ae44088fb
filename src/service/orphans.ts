import { readdirSync, readFileSync } from 'node:fs';

/**
 * Kills processes still writing to one of `tempPaths`: an ffmpeg left running when a previous bvp was killed
 * (SIGKILL, power loss of the parent only, a crash). Without this it would keep burning CPU and, for mov/mp4,
 * re-create the temp file we just removed when it rewrites the header at the end. Linux only (/proc); elsewhere
 * it finds nothing.
 */
export function killOrphanEncoders(tempPaths: readonly string[]): number[] {
  if (tempPaths.length === 0) return [];
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const killed: number[] = [];
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    // Arguments are NUL-separated; ffmpeg gets the temp file as `file:<path>`.
    if (!tempPaths.some((temp) => cmdline.includes(temp))) continue;
    try {
      process.kill(Number(pid), 'SIGKILL');
      killed.push(Number(pid));
    } catch {
      // Gone meanwhile, or not ours to kill.
    }
  }
  return killed;
}
