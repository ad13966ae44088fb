import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';

export interface FramesOptions {
  count?: number;
  /** First frame number; default 1. */
  start?: number;
  /** The image2 pattern's name part, e.g. `intro_%05d.png`; `%%` for a literal % in it. */
  pattern?: string;
  size?: string;
  /** Pixel format of the frames, e.g. `rgba` for PNGs with an (opaque) alpha plane. */
  format?: string;
}

/** Writes numbered frames of a moving test picture into `folder` (created), as a render would. */
export async function makeFrames(folder: string, options: FramesOptions = {}): Promise<string> {
  await mkdir(folder, { recursive: true });
  const pattern = options.pattern ?? `${path.basename(folder)}_%05d.png`;
  await execa('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${options.size ?? '320x180'}:rate=25${options.format ? `,format=${options.format}` : ''}`,
    '-frames:v',
    String(options.count ?? 48),
    '-start_number',
    String(options.start ?? 1),
    '-f',
    'image2',
    // The folder is literal: a % in its name is doubled, as image2 wants.
    `file:${folder.replaceAll('%', '%%')}${path.sep}${pattern}`,
  ]);
  return folder;
}

/** Writes one picture of the test pattern to `file`; its extension picks the format (PNG, JPEG, TIFF …). */
export async function makeStill(file: string, size = '320x180'): Promise<string> {
  await execa('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${size}`,
    '-frames:v',
    '1',
    file,
  ]);
  return file;
}
