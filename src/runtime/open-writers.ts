import { readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { execa } from 'execa';

/** A process that has a file open for writing. */
export interface OpenWriter {
  pid: number;
  /** The process name when it could be read (`cp`, `rsync`, `smbd`), else null. */
  command: string | null;
}

/**
 * Who (on this machine) has `file` open for writing; [] when nobody does or when it cannot be known. A copy that
 * pauses longer than the stable window still holds its file open, so this tells "stalled" from "finished".
 */
export type FindOpenWriters = (file: string) => Promise<OpenWriter[]>;

/** What the platform lets us see, for logs and the doctor. */
export type OpenWriterSupport = 'procfs' | 'lsof' | 'none';

// O_ACCMODE bits of the octal `flags:` line in /proc/<pid>/fdinfo/<fd>: 1 = O_WRONLY, 2 = O_RDWR.
const ACCESS_MODE = 0o3;

/**
 * The platform's way of finding writers: Linux reads /proc (every process's fd links, then the fd's open flags);
 * macOS and the BSDs ask `lsof`; elsewhere (Windows) nothing can be seen and the stable window alone decides.
 * Limits, whatever the platform: a writer on another machine (the far side of an SMB/NFS share) is never visible,
 * and without root only our own user's processes are (a copy by another user is missed).
 */
export function openWriterFinder(platform: string = process.platform): {
  find: FindOpenWriters;
  support: OpenWriterSupport;
} {
  if (platform === 'linux') return { find: procWriters, support: 'procfs' };
  if (platform === 'darwin' || platform.endsWith('bsd')) return { find: lsofWriters, support: 'lsof' };
  return { find: async () => [], support: 'none' };
}

/** Linux: every /proc/<pid>/fd/<n> that links to the file, kept when its fdinfo flags say write or read-write. */
export async function procWriters(file: string): Promise<OpenWriter[]> {
  const target = await realpath(file).catch(() => null);
  if (target === null) return [];
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
  const found = await Promise.all(pids.map((pid) => writerFds(pid, target)));
  return found.filter((w): w is OpenWriter => w !== null);
}

async function writerFds(pid: string, target: string): Promise<OpenWriter | null> {
  let fds: string[];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch {
    return null; // gone, or another user's process we may not look into
  }
  for (const fd of fds) {
    const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => null);
    if (link !== target) continue;
    const info = await readFile(`/proc/${pid}/fdinfo/${fd}`, 'utf8').catch(() => '');
    const flags = /^flags:\s*([0-7]+)/m.exec(info);
    if (flags && (Number.parseInt(flags[1], 8) & ACCESS_MODE) !== 0) {
      const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => null);
      return { pid: Number(pid), command: comm?.trim() || null };
    }
  }
  return null;
}

/** macOS/BSD: `lsof -F pca` lists the processes with the file open and each one's access mode (r, w or u). */
export async function lsofWriters(file: string): Promise<OpenWriter[]> {
  const result = await execa('lsof', ['-F', 'pca', '--', file], { reject: false, timeout: 5000 });
  // 1 with no output: nobody has it open. Missing lsof: nothing can be known, as on other platforms.
  if (result.failed && result.stdout === '') return [];
  const writers: OpenWriter[] = [];
  let current: OpenWriter | null = null;
  for (const line of result.stdout.split('\n')) {
    const field = line[0];
    const value = line.slice(1);
    if (field === 'p') current = { pid: Number(value), command: null };
    else if (field === 'c' && current) current.command = value;
    else if (field === 'a' && current && (value.includes('w') || value.includes('u'))) {
      if (!writers.some((w) => w.pid === current?.pid)) writers.push(current);
    }
  }
  return writers;
}
