import { lstat, opendir } from 'node:fs/promises';
import path from 'node:path';

/** Picture formats ffmpeg's image2 demuxer reads as numbered frames (extension, lower case). */
export const SEQUENCE_EXTENSIONS: ReadonlySet<string> = new Set([
  'png',
  'jpg',
  'jpeg',
  'tif',
  'tiff',
  'dpx',
  'exr',
  'bmp',
  'tga',
]);

/** One numbered picture: `intro_00042.png` is prefix `intro_`, digits `00042`, number 42, ext `png`. */
export interface FrameName {
  name: string;
  prefix: string;
  digits: string;
  number: number;
  ext: string;
}

export interface FrameFile extends FrameName {
  size: number;
  mtimeMs: number;
}

// The number is the last run of digits right before the extension; the prefix may hold digits of its own (`shot2_`).
const FRAME_NAME = /^(.*?)(\d+)\.([A-Za-z0-9]+)$/;

/** A visible file name that is a numbered picture, or null (hidden names, other extensions, no number). */
export function parseFrameName(name: string): FrameName | null {
  if (name.startsWith('.')) return null;
  const match = FRAME_NAME.exec(name);
  if (!match) return null;
  const [, prefix, digits, ext] = match;
  if (!SEQUENCE_EXTENSIONS.has(ext.toLowerCase()) || digits.length > 15) return null;
  return { name, prefix, digits, number: Number(digits), ext };
}

/**
 * The numbered pictures directly in `folder` (no sub-folders, no symbolic links, no hidden names), sorted by number,
 * each with its size and mtime. Throws what `opendir` throws (ENOENT, ENOTDIR, EACCES).
 */
export async function listFrames(folder: string): Promise<FrameFile[]> {
  const frames: FrameFile[] = [];
  const handle = await opendir(folder, { bufferSize: 256 });
  for await (const entry of handle) {
    if (entry.isSymbolicLink() || entry.isDirectory()) continue;
    const frame = parseFrameName(entry.name);
    if (!frame) continue;
    // A frame removed between the listing and its lstat is simply not there.
    const st = await lstat(path.join(folder, entry.name)).catch(() => null);
    if (st?.isFile()) frames.push({ ...frame, size: st.size, mtimeMs: st.mtimeMs });
  }
  return frames.sort((a, b) => a.number - b.number || a.name.localeCompare(b.name));
}

/** A sequence folder's identity: the sum of its frames' sizes, the newest frame's mtime, and how many there are. */
export interface FolderStat {
  size: number;
  mtimeMs: number;
  frames: number;
  /** The frame written last (newest mtime): the one a copy still in progress has open. Null without frames. */
  newest: string | null;
  /** The lowest-numbered frame's name; null without frames. */
  firstName: string | null;
}

export function folderStatOf(folder: string, frames: readonly FrameFile[]): FolderStat {
  let size = 0;
  let mtimeMs = 0;
  let newest: string | null = null;
  for (const frame of frames) {
    size += frame.size;
    if (frame.mtimeMs >= mtimeMs) {
      mtimeMs = frame.mtimeMs;
      newest = path.join(folder, frame.name);
    }
  }
  return { size, mtimeMs, frames: frames.length, newest, firstName: frames[0]?.name ?? null };
}

/** Lists `folder` and sums it up (see {@link FolderStat}). */
export async function statFolder(folder: string): Promise<FolderStat> {
  return folderStatOf(folder, await listFrames(folder));
}
