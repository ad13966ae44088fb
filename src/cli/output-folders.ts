import { rmdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** The folders on the way to `file` that do not exist yet, deepest first: what writing it will create. */
export async function missingFolders(file: string): Promise<string[]> {
  const missing: string[] = [];
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const exists = await stat(dir).then(
      () => true,
      () => false,
    );
    if (exists) break;
    missing.push(dir);
  }
  return missing;
}

/**
 * Removes the folders a failed output created, deepest first, each only if it is still empty: a folder that got
 * another output (or anything else) meanwhile stays. Call it once no other output is being written.
 */
export async function removeEmptyFolders(folders: Iterable<string>): Promise<void> {
  const deepestFirst = [...new Set(folders)].sort((a, b) => b.length - a.length);
  for (const dir of deepestFirst) {
    await rmdir(dir).catch(() => {
      // Not empty (another output lives there) or already gone: either way it is not ours to remove.
    });
  }
}
