import { readdirSync, readFileSync } from 'node:fs';

/**
 * Linux /proc helpers for tests that must see what happened to a real process (suspended, still alive, gone)
 * rather than trust what the code under test says about it.
 */

/** Pids whose command line contains `needle` (a temp path or an output folder), this process excluded. */
export function findPids(needle: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // Arguments are NUL-separated; a needle never spans two of them.
    if (cmdline.split('\0').some((arg) => arg.includes(needle))) found.push(Number(name));
  }
  return found;
}

/**
 * The one-letter state from /proc/<pid>/stat (R running, S sleeping, T stopped, Z zombie, …), or null when the
 * process is gone. The command name in parentheses may itself hold spaces and parentheses, so parse after the last `)`.
 */
export function processState(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) || null;
}

/** Alive means it can still run: present and not a zombie. */
export function isAlive(pid: number): boolean {
  const state = processState(pid);
  return state !== null && state !== 'Z' && state !== 'X';
}

/** Polls until `check` returns a value other than undefined/false, or fails after `ms` naming `what`. */
export async function until<T>(
  check: () => T | undefined | false,
  what: string,
  ms = 10_000,
  everyMs = 20,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until exactly `count` processes mention `needle`, and returns their pids. */
export function waitForPids(needle: string, count = 1, ms = 10_000): Promise<number[]> {
  return until(
    () => {
      const pids = findPids(needle).filter(isAlive);
      return pids.length === count ? pids : undefined;
    },
    `${count} process(es) mentioning ${needle}`,
    ms,
  );
}
