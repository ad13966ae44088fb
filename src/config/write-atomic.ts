import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces a file so that a crash leaves either the old or the new content, never half of each: write a hidden
 * temp file beside it, flush it, rename over. The temp name matches the watcher's ignore globs.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = join(
    dirname(file),
    `.${basename(file)}.bvp-tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
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
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
