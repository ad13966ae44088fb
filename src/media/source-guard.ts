import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { SourceIdentity } from '../../machines/types.ts';
import { BvpError } from '../errors.ts';
import type { FindOpenWriters } from '../runtime/open-writers.ts';
import { folderFingerprint, statSource } from './source-stat.ts';

/** Bytes hashed at each end of a source: enough to catch a rewrite or a copy that resumed, cheap on a 100 GB file. */
export const FINGERPRINT_SPAN = 1024 * 1024;

/**
 * A partial hash of a source: SHA-256 over its size, its first MiB and its last MiB. Taken at submit; a source whose
 * size and mtime still match but whose fingerprint does not (a tool that restores mtimes, a same-size rewrite) is
 * not the file that was encoded.
 */
export async function sourceFingerprint(file: string, size?: number): Promise<string> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    // Windows cannot open a folder; elsewhere the fstat below tells.
    if (error.code === 'EISDIR') return null;
    throw error;
  });
  // An image-sequence folder has a fingerprint of its own (source-stat.ts).
  if (!handle) return folderFingerprint(file);
  try {
    const st = await handle.stat();
    if (st.isDirectory()) return await folderFingerprint(file);
    const bytes = size ?? st.size;
    const hash = createHash('sha256').update(String(bytes));
    const head = Math.min(FINGERPRINT_SPAN, bytes);
    hash.update(await readAt(handle, 0, head));
    const tailStart = Math.max(head, bytes - FINGERPRINT_SPAN);
    if (tailStart < bytes) hash.update(await readAt(handle, tailStart, bytes - tailStart));
    return `p1:${hash.digest('hex').slice(0, 32)}`;
  } finally {
    await handle.close();
  }
}

async function readAt(handle: Awaited<ReturnType<typeof open>>, position: number, length: number) {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}

export interface SourceCheckOptions {
  /** Who has the source open for writing; omitted: not checked. */
  openWriters?: FindOpenWriters;
  /** Compare the fingerprint too (when the identity carries one). */
  fingerprint?: boolean;
}

/**
 * The source must still be exactly what the job was queued with: same size and mtime, no process writing to it,
 * and (when asked) the same fingerprint. A source that changed is a new identity — the hot folder queues it again
 * once it settles — so the work done on the old content must not be given a final name or touch the source.
 *
 * @throws BvpError `input.missing`, `input.unreadable`, or `source.changed` naming what differs.
 */
export async function assertSourceUnchanged(
  source: SourceIdentity,
  when: string,
  options: SourceCheckOptions = {},
): Promise<void> {
  let size: number;
  let mtimeMs: number;
  let writerTarget = source.path;
  try {
    // A sequence folder's size and mtime are its frames' (source-stat.ts).
    ({ size, mtimeMs, writerTarget } = await statSource(source.path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const missing = code === 'ENOENT' || code === 'ENOTDIR';
    throw new BvpError(
      missing ? 'input.missing' : 'input.unreadable',
      missing ? `${source.path} no longer exists` : `cannot read ${source.path}`,
      { cause: error, details: { path: source.path } },
    );
  }
  const expected = { size: source.size, mtimeMs: source.mtimeMs };
  if (size !== source.size || Math.trunc(mtimeMs) !== Math.trunc(source.mtimeMs)) {
    throw changed(source, `${source.path} changed ${when}`, { expected, actual: { size, mtimeMs } });
  }
  const writers = options.openWriters ? await options.openWriters(writerTarget) : [];
  if (writers.length > 0) {
    const who = writers.map((w) => `${w.command ?? 'process'} (pid ${w.pid})`).join(', ');
    throw changed(source, `${source.path} is still being written ${when}, by ${who}`, { writers });
  }
  if (options.fingerprint && source.fingerprint) {
    const now = await sourceFingerprint(source.path, size).catch(() => null);
    if (now !== source.fingerprint) {
      throw changed(source, `${source.path} changed ${when} (same size and time, different content)`, {
        expected: source.fingerprint,
        actual: now,
      });
    }
  }
}

function changed(source: SourceIdentity, message: string, details: Record<string, unknown>): BvpError {
  return new BvpError(
    'source.changed',
    `${message}; the job is failed and the source kept (a changed file is queued again as a new identity)`,
    {
      details: { path: source.path, ...details },
    },
  );
}
