import path from 'node:path';
import { BvpError } from '../errors.ts';
import type { SequenceInfo } from './media-info.ts';
import type { FrameFile } from './sequence-frames.ts';

/** Fewer frames than this is not a clip; a single numbered picture belongs at the top of a watch folder, as a still. */
export const MIN_SEQUENCE_FRAMES = 2;

function refuse(folder: string, message: string, details: Record<string, unknown> = {}): BvpError {
  return new BvpError('input.unreadable', `image sequence ${folder}: ${message}`, {
    details: { path: folder, ...details },
  });
}

/** A frame's name for the given number, as the sequence writes it (`intro_` + `00017` + `.png`). */
export function frameName(seq: Pick<SequenceInfo, 'prefix' | 'ext' | 'width'>, n: number): string {
  return `${seq.prefix}${String(n).padStart(seq.width, '0')}.${seq.ext}`;
}

/**
 * The one sequence the frames of `folder` make: one prefix, one extension, one number width (or numbers without
 * leading zeros), consecutive numbers. Anything else is refused with a message naming what is wrong, never turned
 * into a clip that jumps: a gap names the first missing frame.
 *
 * @throws BvpError `input.unreadable`
 */
export function describeSequence(folder: string, frames: readonly FrameFile[]): SequenceInfo {
  if (frames.length < MIN_SEQUENCE_FRAMES) {
    throw refuse(
      folder,
      `${frames.length} numbered picture${frames.length === 1 ? '' : 's'}; a sequence needs at least ${MIN_SEQUENCE_FRAMES} (a lone picture is a still at the top of a watch folder, or anywhere with image_sequences: false)`,
    );
  }
  const first = frames[0];
  const names = new Set(frames.map((f) => `${f.prefix}#.${f.ext}`));
  if (names.size > 1) {
    const kinds = [...names].slice(0, 3).join(', ');
    throw refuse(folder, `holds more than one sequence (${kinds}); put each in a folder of its own`, {
      sequences: [...names],
    });
  }
  const widths = new Set(frames.map((f) => f.digits.length));
  const padded = frames.some((f) => f.digits.length > 1 && f.digits.startsWith('0'));
  let width = first.digits.length;
  if (widths.size > 1) {
    // 1, 2 … 10, 11: numbers written without padding; ffmpeg reads them with %d. Mixed padding is ambiguous.
    if (padded) {
      throw refuse(
        folder,
        `frame numbers are not all ${width} digits wide (${first.name} … ${frames.at(-1)?.name})`,
      );
    }
    width = 0;
  }
  for (let i = 1; i < frames.length; i++) {
    const expected = first.number + i;
    if (frames[i].number === expected) continue;
    if (frames[i].number === expected - 1) {
      throw refuse(
        folder,
        `frame number ${frames[i].number} appears twice (${frames[i - 1].name}, ${frames[i].name})`,
      );
    }
    const missing = frameName({ prefix: first.prefix, ext: first.ext, width }, expected);
    throw refuse(
      folder,
      `frame ${missing} is missing (the numbers jump from ${frames[i - 1].name} to ${frames[i].name}); a clip with a gap would jump, so nothing was made`,
      { missing },
    );
  }
  return {
    prefix: first.prefix,
    ext: first.ext,
    width,
    first: first.number,
    count: frames.length,
    firstName: first.name,
  };
}

/**
 * The image2 pattern for the sequence in `folder`: `%0Wd` (or `%d`) for the number, and every `%` of the folder or
 * the prefix doubled, so a name like `100% logo_0001.png` is read literally.
 */
export function sequencePattern(folder: string, seq: SequenceInfo): string {
  const number = seq.width > 0 ? `%0${seq.width}d` : '%d';
  const literal = `${folder}${path.sep}${seq.prefix}`.replaceAll('%', '%%');
  return `${literal}${number}.${seq.ext}`;
}
