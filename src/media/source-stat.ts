import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { listFrames, statFolder } from './sequence-frames.ts';

/**
 * A source's identity as a job sees it. A file is its own size and mtime; an image-sequence folder is the sum of its
 * frames' sizes and the newest frame's mtime (a frame added, removed, grown or rewritten changes one of them), and
 * its frames, not the folder entry, are what a copy writes to.
 */
export interface SourceStat {
  kind: 'file' | 'sequence' | 'other';
  size: number;
  mtimeMs: number;
  /** The path whose open writers say "still being copied": the file, or a folder's newest frame. */
  writerTarget: string;
}

/** Throws what `stat` throws (ENOENT, ENOTDIR, EACCES). */
export async function statSource(source: string): Promise<SourceStat> {
  const st = await stat(source);
  if (st.isDirectory()) {
    const folder = await statFolder(source);
    return {
      kind: 'sequence',
      size: folder.size,
      mtimeMs: folder.mtimeMs,
      writerTarget: folder.newest ?? source,
    };
  }
  return { kind: st.isFile() ? 'file' : 'other', size: st.size, mtimeMs: st.mtimeMs, writerTarget: source };
}

// Bytes read from the first and the last frame: a frame header differs between two renders of a sequence.
const FRAME_SPAN = 64 * 1024;

/**
 * A sequence folder's partial hash: every frame's name and size, and the first bytes of its first and last frame.
 * Frames renamed, or rewritten under a restored mtime, give another fingerprint.
 */
export async function folderFingerprint(folder: string): Promise<string> {
  const frames = await listFrames(folder);
  const hash = createHash('sha256').update(String(frames.length));
  for (const frame of frames) hash.update(`${frame.name}\0${frame.size}\n`);
  for (const frame of [frames[0], frames.at(-1)]) {
    if (!frame) continue;
    const handle = await open(path.join(folder, frame.name), 'r');
    try {
      const buffer = Buffer.alloc(Math.min(FRAME_SPAN, frame.size));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      hash.update(buffer.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  }
  return `s1:${hash.digest('hex').slice(0, 32)}`;
}
