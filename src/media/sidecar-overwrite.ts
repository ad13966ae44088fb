import { linkSync, lstatSync, rmSync } from 'node:fs';
import { lstat, rename } from 'node:fs/promises';
import { BvpError } from '../errors.ts';
import { removeQuietly } from './finalize.ts';
import { errorCode } from './output-io-error.ts';
import { overwriteBackupsFor, sidecarPathFor } from './sidecar-names.ts';

interface OverwritePairOptions {
  tempPath: string;
  sidecarTemp: string;
  outputPath: string;
}

/**
 * `collision: overwrite` for a video and its sidecar WAV, all or nothing: the old video and WAV are renamed aside
 * to hidden names ({@link overwriteBackupsFor}), the new video and WAV take the final names, and only then are the
 * old files removed. Any failure puts the new files back under their temp names and the old ones back under their
 * own, so the operator keeps the old pair unless the new one is fully in place. A crash midway leaves the old files
 * under the hidden names, which boot recovery restores or removes ({@link settleOverwriteSync}).
 *
 * @throws BvpError `output.exists` (a final name is a folder, not a file to replace), `output.io`.
 */
export async function overwritePair(
  options: OverwritePairOptions,
): Promise<{ outputPath: string; sidecarPath: string }> {
  const { tempPath, sidecarTemp, outputPath } = options;
  const sidecarPath = sidecarPathFor(outputPath);
  const backups = overwriteBackupsFor(tempPath);
  const pairs: Array<[final: string, backup: string]> = [
    [outputPath, backups.video],
    [sidecarPath, backups.sidecar],
  ];
  const setAside: Array<[final: string, backup: string]> = [];
  const placed: Array<[temp: string, final: string]> = [];
  try {
    for (const [final, backup] of pairs) {
      if (!(await replaceable(final))) continue;
      await rename(final, backup);
      setAside.push([final, backup]);
    }
    // The video first: its inode at the final name is what boot recovery takes as "this job finalized".
    for (const [temp, final] of [
      [tempPath, outputPath],
      [sidecarTemp, sidecarPath],
    ] as const) {
      await rename(temp, final);
      placed.push([temp, final]);
    }
  } catch (error) {
    const left = await rollBack(placed, setAside);
    if (error instanceof BvpError) throw error;
    const why = error instanceof Error ? `: ${error.message}` : '';
    const kept =
      left.length > 0 ? `; the old files could not all be put back and are kept as ${left.join(', ')}` : '';
    throw new BvpError('output.io', `cannot replace ${outputPath} and ${sidecarPath}${why}${kept}`, {
      cause: error,
      details: { outputPath, sidecarPath, code: errorCode(error) ?? null, keptAside: left },
    });
  }
  for (const [, backup] of setAside) await removeQuietly(backup).catch(() => {});
  return { outputPath, sidecarPath };
}

/** True when `final` holds a file to set aside; false when the name is free. A folder is never replaced. */
async function replaceable(final: string): Promise<boolean> {
  const info = await lstat(final).catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  });
  if (!info) return false;
  if (info.isDirectory()) {
    throw new BvpError(
      'output.exists',
      `${final} is a folder, not a file "overwrite" may replace; nothing was replaced`,
      { details: { outputPath: final } },
    );
  }
  return true;
}

/** Undoes a failed overwrite in reverse order; returns the hidden names of old files it could not put back. */
async function rollBack(
  placed: ReadonlyArray<readonly [string, string]>,
  setAside: ReadonlyArray<readonly [string, string]>,
): Promise<string[]> {
  for (const [temp, final] of [...placed].reverse()) await rename(final, temp).catch(() => {});
  const left: string[] = [];
  for (const [final, backup] of [...setAside].reverse()) {
    await rename(backup, final).catch(() => left.push(backup));
  }
  return left;
}

/**
 * Boot recovery of an overwrite that died midway (synchronous, as boot is). `finalized`: the new video holds the
 * final name (the job is being completed), so the old files set aside go. Otherwise they go back under their final
 * names — never over a file that took a name since, which keeps the old one hidden and returns a warning.
 */
export function settleOverwriteSync(tempPath: string, outputPath: string, finalized: boolean): string[] {
  const backups = overwriteBackupsFor(tempPath);
  const pairs: Array<[final: string, backup: string]> = [
    [outputPath, backups.video],
    [sidecarPathFor(outputPath), backups.sidecar],
  ];
  const warnings: string[] = [];
  for (const [final, backup] of pairs) {
    if (!lstatSync(backup, { throwIfNoEntry: false })) continue;
    if (finalized) {
      rmSync(backup, { force: true });
      continue;
    }
    try {
      linkSync(backup, final);
      rmSync(backup, { force: true });
    } catch (error) {
      warnings.push(`the old ${final} could not be put back (${errorCode(error)}); it is kept as ${backup}`);
    }
  }
  return warnings;
}
