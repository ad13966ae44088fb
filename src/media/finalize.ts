import { link, lstat, mkdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { CollisionPolicy, SourceAction } from '../../machines/types.ts';
import { BvpError } from '../errors.ts';
import { copyAcross } from './copy-across.ts';
import { errorCode, ioError } from './output-io-error.ts';

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

/** How a move may be stopped, and its hard-link step (tests stand in another device with a link failing EXDEV). */
export interface MoveOptions {
  /** Stops a cross-device copy within one chunk: the partial copy goes, the file being moved stays where it was. */
  signal?: AbortSignal;
  link?: (from: string, to: string) => Promise<void>;
}

export interface FinalizeOptions extends MoveOptions {
  tempPath: string;
  outputPath: string;
  collision: CollisionPolicy;
}

/**
 * Moves the verified temp file to its final name and returns the name used. `suffix` never clobbers: a hard link
 * fails with EEXIST when a name is taken — atomically, unlike check-then-rename — so two jobs racing for
 * `show.mov` end up as `show.mov` and `show-1.mov`. Placed, the temp file is gone; failed or cancelled (`signal`,
 * during a copy onto another device), it is still there for the caller to remove, and no final name holds anything.
 */
export async function finalizeOutput(options: FinalizeOptions): Promise<string> {
  const { tempPath, outputPath, collision } = options;
  if (collision === 'overwrite') {
    try {
      await rename(tempPath, outputPath);
      return outputPath;
    } catch (error) {
      throw ioError(`cannot move the output to ${outputPath}`, error);
    }
  }
  const candidates = collision === 'suffix' ? suffixedNames(outputPath) : [outputPath];
  const placed = await moveToFreeName(tempPath, candidates, options);
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
export async function applySourceAction(
  sourcePath: string,
  action: SourceAction,
  options: MoveOptions = {},
): Promise<string | null> {
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
      const placed = await moveToFreeName(sourcePath, suffixedNames(wanted), options);
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

/**
 * Moves `from` to the first free name among `candidates` and returns it (null: all taken), never clobbering: a hard
 * link fails with EEXIST when a name is taken — atomically, unlike check-then-rename. Onto another device the file
 * is copied once to a hidden temp name there ({@link copyAcross}, stoppable by `signal`), then that copy is linked
 * under the first free name. `from` goes only once a final name holds all of it; a failed or cancelled move leaves
 * `from` in place and nothing under any final name.
 */
async function moveToFreeName(
  from: string,
  candidates: Iterable<string>,
  options: MoveOptions,
): Promise<string | null> {
  // The copy on the destination's device, once the first link said EXDEV; removed unless it took a name.
  let staged: string | null = null;
  try {
    for (const target of candidates) {
      let placed = await placeOne(staged ?? from, target, staged ? link : (options.link ?? link));
      if (placed === 'cross-device') {
        staged = await copyAcross(from, target, options.signal);
        if (options.signal?.aborted)
          throw new BvpError('ffmpeg.cancelled', 'cancelled during a cross-device copy');
        placed = await placeOne(staged, target, link);
        if (placed === 'cross-device') throw new BvpError('output.io', `cannot move ${from} to ${target}`);
      }
      if (placed === 'taken') continue;
      if (staged) {
        staged = null;
        await removeQuietly(from);
      }
      return target;
    }
    return null;
  } finally {
    if (staged) await removeQuietly(staged).catch(() => {});
  }
}

/** Gives `source` the name `to` unless it is taken; `placed` means `source`'s own name is gone. */
async function placeOne(
  source: string,
  to: string,
  linkFile: (from: string, to: string) => Promise<void>,
): Promise<'placed' | 'taken' | 'cross-device'> {
  try {
    await linkFile(source, to);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') return 'taken';
    if (code === 'EXDEV') return 'cross-device';
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
      return (await renameIfFree(source, to)) ? 'placed' : 'taken';
    }
    throw ioError(`cannot move ${source} to ${to}`, error);
  }
  await removeQuietly(source);
  return 'placed';
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

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw ioError(`cannot check ${file}`, error);
  }
}
