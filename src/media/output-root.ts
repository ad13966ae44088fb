import { lstat, readlink, realpath } from 'node:fs/promises';
import path from 'node:path';
import { BvpError } from '../errors.ts';

/**
 * Where a folder really is: the real path of its nearest existing ancestor (symbolic links resolved) joined with the
 * part not created yet. Taken at submit and stored with the job (`outputRoot`), so the encode can tell that a folder
 * on the way was swapped for a symbolic link while the job waited — the real path it finds then is the swapped one.
 */
export async function resolveFolder(folder: string): Promise<string> {
  const rest: string[] = [];
  for (let at = path.resolve(folder); ; at = path.dirname(at)) {
    try {
      return path.join(await realpath(at), ...rest.reverse());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // A link whose target is missing: not a folder to be created, and never the place it led to at submit.
      const link = await lstat(at).then(
        (info) => info.isSymbolicLink(),
        () => false,
      );
      if (link) return `${at} -> ${await readlink(at)} (a link to nothing)`;
      if (path.dirname(at) === at) return path.resolve(folder);
      rest.push(path.basename(at));
    }
  }
}

/**
 * Fails with `output.escape` when the output's folder no longer resolves to where it did when the job was submitted
 * (`spec.outputRoot`); jobs stored before that was recorded are not checked here. Nothing has been written when it
 * throws: it runs before the folder is created, before ffmpeg creates the temp file, and before the rename.
 */
export async function assertOutputRoot(
  spec: { outputPath: string; outputRoot?: string },
  moment: string,
): Promise<void> {
  if (spec.outputRoot === undefined) return;
  const folder = path.dirname(spec.outputPath);
  const now = await resolveFolder(folder).catch((error: Error) => `unresolvable (${error.message})`);
  if (now === spec.outputRoot) return;
  throw new BvpError(
    'output.escape',
    `the output folder ${folder} now leads to ${now}, not ${spec.outputRoot} as when the job was submitted ` +
      `(a folder on the way was replaced by a symbolic link?); nothing was written ${moment}`,
    { details: { outputPath: spec.outputPath, outputRoot: spec.outputRoot, now } },
  );
}
