import { existsSync, linkSync, lstatSync, rmSync } from 'node:fs';
import { link, lstat, rename } from 'node:fs/promises';
import type { CollisionPolicy } from '../../machines/types.ts';
import { BvpError } from '../errors.ts';
import { selectStreams } from '../profiles/args-streams.ts';
import type { Profile } from '../profiles/schema.ts';
import { removeQuietly, suffixedNames } from './finalize.ts';
import type { MediaInfo } from './media-info.ts';
import { errorCode, ioError } from './output-io-error.ts';
import { sidecarPathFor, sidecarTempFor } from './sidecar-names.ts';
import { overwritePair } from './sidecar-overwrite.ts';

export { overwriteBackupsFor, sidecarPathFor, sidecarTempFor } from './sidecar-names.ts';

/** The sidecar's temp path when this job writes one: the profile asks and the output gets audio; else undefined. */
export function sidecarFor(tempPath: string, input: MediaInfo, profile: Profile): string | undefined {
  if (!profile.audio?.sidecar_wav || selectStreams(input, profile).audio.length === 0) return undefined;
  return sidecarTempFor(tempPath);
}

export interface FinalizePairOptions {
  tempPath: string;
  sidecarTemp: string;
  outputPath: string;
  collision: CollisionPolicy;
}

/**
 * Gives the verified video and its sidecar WAV their final names, both or neither: the video is linked under a free
 * name, then the sidecar under the matching `.wav`; a taken `.wav` unlinks the video again and (with `suffix`) tries
 * the next name. The temp files go only once both names hold. A crash between the two links leaves the video in
 * place and the sidecar temp beside it: recovery at the next start completes the pair ({@link completeSidecar}).
 * `overwrite` sets the old pair aside first and puts it back on any failure ({@link overwritePair}).
 *
 * @throws BvpError `output.exists` (a name taken under `fail`, or no free pair), `output.io`.
 */
export async function finalizeWithSidecar(
  options: FinalizePairOptions,
): Promise<{ outputPath: string; sidecarPath: string }> {
  const { tempPath, sidecarTemp, outputPath, collision } = options;
  if (collision === 'overwrite') return overwritePair(options);
  const candidates = collision === 'suffix' ? suffixedNames(outputPath) : [outputPath];
  for (const video of candidates) {
    const how = await linkFree(tempPath, video);
    if (!how) continue;
    const sidecarPath = sidecarPathFor(video);
    let placed: Placed;
    try {
      placed = await linkFree(sidecarTemp, sidecarPath);
    } catch (error) {
      await undo(how, tempPath, video).catch(() => {});
      throw error;
    }
    if (!placed) {
      await undo(how, tempPath, video);
      continue;
    }
    await removeQuietly(tempPath);
    await removeQuietly(sidecarTemp);
    return { outputPath: video, sidecarPath };
  }
  throw new BvpError(
    'output.exists',
    collision === 'fail'
      ? `${outputPath} or its sidecar ${sidecarPathFor(outputPath)} already exists and the collision policy is "fail"`
      : `no free name for ${outputPath} and its sidecar WAV`,
    { details: { outputPath } },
  );
}

/**
 * After a crash past the video's rename (run by boot recovery, which is synchronous): moves a sidecar temp still
 * there to its final name (it was verified with the video), or drops it when the final name already holds it.
 * Returns the sidecar's final name (null: there is none) and a warning when a foreign file holds that name.
 */
export function completeSidecar(
  tempPath: string,
  outputPath: string,
): { sidecarPath: string | null; warning?: string } {
  const sidecarTemp = sidecarTempFor(tempPath);
  const sidecarPath = sidecarPathFor(outputPath);
  const temp = lstatSync(sidecarTemp, { throwIfNoEntry: false });
  if (!temp) return { sidecarPath: existsSync(sidecarPath) ? sidecarPath : null };
  try {
    linkSync(sidecarTemp, sidecarPath);
  } catch (error) {
    const final = errorCode(error) === 'EEXIST' ? lstatSync(sidecarPath) : null;
    rmSync(sidecarTemp, { force: true });
    if (final && final.ino === temp.ino && final.dev === temp.dev) return { sidecarPath };
    const why = final ? 'is taken by another file' : `could not be written (${errorCode(error)})`;
    return { sidecarPath: null, warning: `${sidecarPath} ${why}; the sidecar WAV was dropped` };
  }
  rmSync(sidecarTemp, { force: true });
  return { sidecarPath };
}

/** Removes a job's temp file and its sidecar's, if any (boot clean-up of an interrupted job). */
export function removeTempFilesSync(tempPath: string): void {
  rmSync(tempPath, { force: true });
  rmSync(sidecarTempFor(tempPath), { force: true });
}

/** How a name was taken: a hard link (the temp name still there too), a rename, or not at all (the name is taken). */
type Placed = 'link' | 'rename' | null;

/** Hard link `from` to `to` unless `to` exists; a filesystem without hard links gets check-then-rename. */
async function linkFree(from: string, to: string): Promise<Placed> {
  try {
    await link(from, to);
    return 'link';
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') return null;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS')
      throw ioError(`cannot move ${from} to ${to}`, error);
  }
  if (
    await lstat(to).then(
      () => true,
      () => false,
    )
  )
    return null;
  await io(() => rename(from, to), `cannot move ${from} to ${to}`);
  return 'rename';
}

/** Takes a placed video back off its final name, keeping its temp file. */
async function undo(how: 'link' | 'rename', temp: string, placed: string): Promise<void> {
  if (how === 'link') await removeQuietly(placed);
  else await io(() => rename(placed, temp), `cannot move ${placed} back to ${temp}`);
}

async function io(step: () => Promise<void>, message: string): Promise<void> {
  try {
    await step();
  } catch (error) {
    throw ioError(message, error);
  }
}
