import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BvpError } from '../errors.ts';

const tempPrefix = (file: string) => `.${basename(file)}.bvp-tmp-`;

export interface WriteAtomicOptions {
  /**
   * The text the file held when the edit was made. Checked again after the new text is on disk and just before the
   * rename: an operator's save in between wins and the edit is refused (`config.conflict`), never the other way.
   */
  expect?: string;
}

/**
 * Replaces a file so that a crash leaves either the old or the new content, never half of each: write a hidden
 * temp file beside it, flush it, rename over. The temp name matches the watcher's ignore globs.
 * @throws BvpError `config.conflict` when `expect` no longer matches the file.
 */
export async function writeFileAtomic(
  file: string,
  text: string,
  options: WriteAtomicOptions = {},
): Promise<void> {
  const temp = join(dirname(file), `${tempPrefix(file)}${process.pid}-${randomBytes(4).toString('hex')}`);
  const mode = await stat(file).then(
    (s) => s.mode & 0o777,
    () => 0o644,
  );
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.expect !== undefined) {
      const now = await readFile(file, 'utf8').catch(() => null);
      if (now !== options.expect) {
        throw new BvpError(
          'config.conflict',
          `${file} was changed on disk while this edit was made; the file's new text is kept and the edit was not written (read the config again and retry)`,
        );
      }
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temp files a killed process left beside the config file (`.<name>.bvp-tmp-<pid>-<hex>`), at boot. A temp
 * file of a process that is still running (another tool editing the same file) is left alone.
 */
export async function removeStaleTemps(file: string): Promise<string[]> {
  const prefix = tempPrefix(file);
  const names = await readdir(dirname(file)).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) continue;
    await rm(join(dirname(file), name), { force: true });
    removed.push(name);
  }
  return removed;
}
