import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat, unlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { BvpError } from '../errors.ts';
import { ioError } from './output-io-error.ts';
import { tempPathFor } from './temp-name.ts';

/** Large reads and writes: a multi-GB master copies at the disk's speed, and an abort waits for one chunk at most. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * Copies `from` to a hidden temp name beside `near` (on `near`'s filesystem), with its mode and times as mv(1) keeps
 * them, flushes it to disk and checks its size; returns the staged copy's path, which the caller then links under a
 * final name on the same device. A stream copy rather than `fs.copyFile`, which cannot be stopped: aborting
 * `signal` stops within one chunk, removes the partial copy and throws `ffmpeg.cancelled`. `from` is never
 * touched, and nothing is ever written under a final name, so a crash or a cancel mid-copy cannot leave half a
 * master where a playback machine would pick it up.
 *
 * @throws BvpError `ffmpeg.cancelled` when aborted, `output.io` when the copy fails.
 */
export async function copyAcross(from: string, near: string, signal?: AbortSignal): Promise<string> {
  if (signal?.aborted) throw cancelled(signal.reason);
  const staged = tempPathFor(near, `copy-${randomBytes(6).toString('hex')}`);
  // `wx`: a name nobody else holds, created by us alone.
  const output = createWriteStream(staged, { flags: 'wx', highWaterMark: CHUNK_BYTES });
  const closed = new Promise<void>((resolve) => output.once('close', () => resolve()));
  let created = false;
  output.once('open', () => {
    created = true;
  });
  try {
    await pipeline(createReadStream(from, { highWaterMark: CHUNK_BYTES }), output, { signal });
    const original = await stat(from);
    const handle = await open(staged, 'r+');
    try {
      // Like mv(1) across devices: the permissions and the times come along, as a rename would keep them.
      await handle.chmod(original.mode & 0o7777);
      await handle.utimes(original.atime, original.mtime);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const copied = await stat(staged);
    if (copied.size !== original.size) throw new Error(`copied ${copied.size} of ${original.size} bytes`);
    return staged;
  } catch (error) {
    // The descriptor is closed before the name goes (Windows cannot unlink an open file).
    output.destroy();
    await closed;
    // Only a file this copy created is removed: a `wx` that failed found someone else's.
    if (created) await unlink(staged).catch(() => {});
    if (signal?.aborted) throw cancelled(error);
    throw ioError(`cannot copy ${from} to ${staged}`, error);
  }
}

function cancelled(cause: unknown): BvpError {
  return new BvpError('ffmpeg.cancelled', 'cancelled during a cross-device copy', { cause });
}
