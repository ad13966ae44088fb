import { constants } from 'node:fs';
import { copyFile, link, lstat, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { CollisionPolicy, SourceAction } from '../../machines/types.ts';
import { BvpError } from '../errors.ts';

/** Enough for any real folder; past this something is wrong (a loop, a full disk of copies). */
const MAX_SUFFIX = 9999;

/** Creates the output's folder (and parents) before encoding, so rules with sub-folders (`masters/…`) work. */
export async function prepareOutputDir(outputPath: string): Promise<void> {
  try {
    await mkdir(path.dirname(outputPath), { recursive: true });
  } catch (error) {
    throw ioError(`cannot create the output folder ${path.dirname(outputPath)}`, error);
  }
}

export interface FinalizeOptions {
  tempPath: string;
  outputPath: string;
  collision: CollisionPolicy;
}

/**
 * Moves the verified temp file to its final name and returns the name used. `suffix` never clobbers: a hard link
 * fails with EEXIST when a name is taken — atomically, unlike check-then-rename — so two jobs racing for
 * `show.mov` end up as `show.mov` and `show-1.mov`. The temp file is gone afterwards in every case.
 */
export async function finalizeOutput({ tempPath, outputPath, collision }: FinalizeOptions): Promise<string> {
  if (collision === 'overwrite') {
    try {
      await rename(tempPath, outputPath);
      return outputPath;
    } catch (error) {
      throw ioError(`cannot move the output to ${outputPath}`, error);
    }
  }
  const candidates = collision === 'suffix' ? suffixedNames(outputPath) : [outputPath];
  const placed = await placeNoClobber(candidates, (target) => moveNoClobber(tempPath, target));
  if (placed === null) {
    throw new BvpError(
      'output.exists',
      collision === 'fail'
        ? `${outputPath} already exists and the collision policy is "fail"`
        : `no free name for ${outputPath} after ${MAX_SUFFIX} suffixes`,
      { details: { outputPath } },
    );
  }
  return placed;
}

/**
 * Applies the rule's source action once the output is final; returns where the source is now (null: deleted).
 * A move into a folder that already holds the name picks `name-1.ext` and so on, like outputs do.
 */
export async function applySourceAction(sourcePath: string, action: SourceAction): Promise<string | null> {
  switch (action.kind) {
    case 'keep':
      return sourcePath;
    case 'delete':
      await removeQuietly(sourcePath);
      return null;
    case 'move': {
      try {
        await mkdir(action.folder, { recursive: true });
      } catch (error) {
        throw ioError(`cannot create the folder ${action.folder}`, error);
      }
      const wanted = path.join(action.folder, path.basename(sourcePath));
      const placed = await placeNoClobber(suffixedNames(wanted), (target) =>
        moveNoClobber(sourcePath, target),
      );
      if (placed === null)
        throw new BvpError('output.exists', `no free name for ${wanted}`, { details: { wanted } });
      return placed;
    }
  }
}

/** Removes a file; one that is already gone is fine. */
export async function removeQuietly(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw ioError(`cannot remove ${file}`, error);
  }
}

/** `show.mov`, `show-1.mov`, `show-2.mov`, … */
export function* suffixedNames(file: string): Generator<string> {
  yield file;
  const ext = path.extname(file);
  const stem = file.slice(0, file.length - ext.length);
  for (let n = 1; n <= MAX_SUFFIX; n++) yield `${stem}-${n}${ext}`;
}

async function placeNoClobber(
  candidates: Iterable<string>,
  tryPlace: (target: string) => Promise<boolean>,
): Promise<string | null> {
  for (const target of candidates) {
    if (await tryPlace(target)) return target;
  }
  return null;
}

/** Moves `from` to `to` unless `to` exists: false when taken. */
async function moveNoClobber(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') return false;
    if (code === 'EXDEV') return copyNoClobber(from, to);
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
      return renameIfFree(from, to);
    }
    throw ioError(`cannot move ${from} to ${to}`, error);
  }
  await removeQuietly(from);
  return true;
}

/**
 * For filesystems without hard links (exFAT, some SMB and FUSE mounts). Not atomic: another writer could create
 * `to` between the check and the rename; within Bulletproof the queue never finalizes two jobs onto one name at
 * once, so the remaining race is with outside programs only.
 */
async function renameIfFree(from: string, to: string): Promise<boolean> {
  if (await exists(to)) return false;
  try {
    await rename(from, to);
    return true;
  } catch (error) {
    throw ioError(`cannot move ${from} to ${to}`, error);
  }
}

/**
 * Cross-device move: exclusive copy (no clobber), fsync, size check, then unlink. The source is removed only
 * once its copy is known to be complete and on disk.
 */
async function copyNoClobber(from: string, to: string): Promise<boolean> {
  try {
    await copyFile(from, to, constants.COPYFILE_EXCL);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    await removeQuietly(to).catch(() => {});
    throw ioError(`cannot copy ${from} to ${to}`, error);
  }
  try {
    const handle = await open(to, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    const [a, b] = await Promise.all([stat(from), stat(to)]);
    if (a.size !== b.size) throw new Error(`copied ${b.size} of ${a.size} bytes`);
  } catch (error) {
    await removeQuietly(to).catch(() => {});
    throw ioError(`cannot copy ${from} to ${to}`, error);
  }
  await removeQuietly(from);
  return true;
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw ioError(`cannot check ${file}`, error);
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function ioError(message: string, cause: unknown): BvpError {
  const why = cause instanceof Error ? `: ${cause.message}` : '';
  return new BvpError('output.io', `${message}${why}`, {
    cause,
    details: { code: errorCode(cause) ?? null },
  });
}
