import { open, stat, utimes, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBvpError } from '../../src/errors.ts';
import { assertSourceUnchanged, sourceFingerprint } from '../../src/media/source-guard.ts';
import { procWriters } from '../../src/runtime/open-writers.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';

let dir: TempDir;
beforeEach(async () => {
  dir = await makeTempDir('bvp-source-guard-');
});
afterEach(() => dir.cleanup());

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (isBvpError(error)) return error.code;
    throw error;
  }
  return 'ok';
}

async function identity(file: string) {
  const s = await stat(file);
  return { path: file, size: s.size, mtimeMs: s.mtimeMs, fingerprint: await sourceFingerprint(file) };
}

describe('source guard', () => {
  it('accepts a source that is still what was queued', async () => {
    const file = dir.join('a.mov');
    await writeFile(file, Buffer.alloc(3 * 1024 * 1024, 7));
    const id = await identity(file);
    expect(
      await codeOf(assertSourceUnchanged(id, 'now', { openWriters: procWriters, fingerprint: true })),
    ).toBe('ok');
  });

  it('refuses a same-size rewrite whose mtime was put back, by its fingerprint', async () => {
    const file = dir.join('b.mov');
    // Whole seconds: a millisecond Date put back through utimes can land a hair earlier (float seconds).
    const when = 1_700_000_000;
    await writeFile(file, Buffer.alloc(3 * 1024 * 1024, 7));
    await utimes(file, when, when);
    const id = await identity(file);
    const rewritten = Buffer.alloc(3 * 1024 * 1024, 7);
    rewritten[rewritten.length - 10] = 1; // in the last MiB
    await writeFile(file, rewritten);
    await utimes(file, when, when);
    expect(await codeOf(assertSourceUnchanged(id, 'now'))).toBe('ok');
    expect(await codeOf(assertSourceUnchanged(id, 'now', { fingerprint: true }))).toBe('source.changed');
  });

  it('refuses a source some process still has open for writing, and names it', async () => {
    const file = dir.join('c.mov');
    await writeFile(file, 'x');
    const id = await identity(file);
    const handle = await open(file, 'r+');
    try {
      const writers = await procWriters(file);
      expect(writers.map((w) => w.pid)).toContain(process.pid);
      expect(await codeOf(assertSourceUnchanged(id, 'now', { openWriters: procWriters }))).toBe(
        'source.changed',
      );
    } finally {
      await handle.close();
    }
    expect(await procWriters(file)).toEqual([]);
  });

  it('does not count a reader as a writer', async () => {
    const file = dir.join('d.mov');
    await writeFile(file, 'x');
    const handle = await open(file, 'r');
    try {
      expect(await procWriters(file)).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
