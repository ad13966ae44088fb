import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SourceIdentity } from '../../machines/types.ts';

export type PosterKind = 'frame' | 'waveform';

export interface CachedPoster {
  key: string;
  file: string;
  kind: PosterKind;
  contentType: 'image/jpeg' | 'image/png';
}

const EXTENSIONS: Record<PosterKind, { ext: string; contentType: CachedPoster['contentType'] }> = {
  frame: { ext: '.jpg', contentType: 'image/jpeg' },
  waveform: { ext: '.png', contentType: 'image/png' },
};

/** One poster per source identity: a changed file (new size or mtime) is a new poster, the same file never twice. */
export function posterKey(source: SourceIdentity): string {
  return createHash('sha256')
    .update(`${source.path}\0${source.size}\0${Math.trunc(source.mtimeMs)}`)
    .digest('hex')
    .slice(0, 32);
}

export function posterFile(dir: string, key: string, kind: PosterKind): CachedPoster {
  const { ext, contentType } = EXTENSIONS[kind];
  return { key, file: path.join(dir, `${key}${ext}`), kind, contentType };
}

/** The cached poster's bytes, whichever kind was made for the key; null when none is on disk. */
export async function readCachedPoster(
  dir: string,
  key: string,
): Promise<{ poster: CachedPoster; bytes: Uint8Array } | null> {
  for (const kind of ['frame', 'waveform'] as const) {
    const poster = posterFile(dir, key, kind);
    try {
      return { poster, bytes: new Uint8Array(await readFile(poster.file)) };
    } catch {
      // Not this kind (or not made yet).
    }
  }
  return null;
}
