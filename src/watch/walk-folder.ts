import type { Dirent } from 'node:fs';
import { lstat, opendir } from 'node:fs/promises';
import path from 'node:path';
import type { CandidateFilter } from './candidate-filter.ts';

export interface WalkResult {
  /** Paths that pass the name filter; the caller lstats them (the size and mtime are not known yet). */
  candidates: string[];
  /** Set when the starting folder itself could not be read; the scan then knows nothing about what is gone. */
  rootError: NodeJS.ErrnoException | null;
}

export interface WalkOptions {
  filter: CandidateFilter;
  /** Folder to start from (default: the root); a sub-folder when only part of the tree needs a look. */
  from?: string;
  recursive: boolean;
  /** A sub-folder could not be read (not ENOENT: a folder removed mid-walk is just gone). */
  onDirError: (dir: string, error: NodeJS.ErrnoException) => void;
  /** Checked between folders so close() does not wait for a walk of a huge tree. */
  isCancelled: () => boolean;
}

// Entries are read in batches by the directory stream; bigger batches mean fewer round trips on network shares.
const DIR_BUFFER = 256;

type EntryKind = 'file' | 'dir' | 'skip';

/**
 * Symlinks are skipped, files and folders alike: following one could pull in a file outside the watch folder (or
 * a loop), and deleting a "source" through a link would delete someone else's file. Anything that is neither a
 * regular file nor a folder (fifo, socket, device) is skipped too.
 */
async function kindOf(entry: Dirent, full: string): Promise<EntryKind> {
  if (entry.isSymbolicLink()) return 'skip';
  if (entry.isDirectory()) return 'dir';
  if (entry.isFile()) return 'file';
  if (entry.isFIFO() || entry.isSocket() || entry.isBlockDevice() || entry.isCharacterDevice()) return 'skip';
  // Some file systems (older NFS, some FUSE mounts) report no type in the directory entry.
  try {
    const st = await lstat(full);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'skip';
  } catch {
    return 'skip';
  }
}

/**
 * Lists candidate files under the root without blocking the event loop: one directory stream at a time, an explicit
 * stack instead of recursion (deep trees), and no stat for names the filter already refuses.
 */
export async function walkFolder(options: WalkOptions): Promise<WalkResult> {
  const { filter, recursive } = options;
  const candidates: string[] = [];
  const from = options.from ?? filter.root;
  const stack = [from];
  let rootError: NodeJS.ErrnoException | null = null;

  while (stack.length > 0 && !options.isCancelled()) {
    const dir = stack.pop()!;
    try {
      const handle = await opendir(dir, { bufferSize: DIR_BUFFER });
      for await (const entry of handle) {
        const full = path.join(dir, entry.name);
        if (entry.isFile() && !entry.isSymbolicLink()) {
          if (filter.isCandidatePath(full)) candidates.push(full);
          continue;
        }
        const kind = await kindOf(entry, full);
        if (kind === 'file' && filter.isCandidatePath(full)) candidates.push(full);
        else if (kind === 'dir' && recursive && !filter.isPrunedDir(full)) stack.push(full);
      }
    } catch (error) {
      const err = error as NodeJS.ErrnoException;
      if (dir === from) rootError = err;
      else if (err.code !== 'ENOENT' && err.code !== 'ENOTDIR') options.onDirError(dir, err);
    }
  }
  return { candidates, rootError };
}
