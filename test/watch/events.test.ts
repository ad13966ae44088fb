import { appendFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FolderWatcher } from '../../src/watch/types.ts';
import { Collector, makeTempDir, put, watcherFor } from './helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
let watcher: FolderWatcher | null = null;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});

afterEach(async () => {
  await watcher?.close();
  watcher = null;
  await cleanup();
});

describe('folder watcher: chokidar events', () => {
  it('emits every file present at start exactly once, zero-byte files included', async () => {
    const files = [path.join(dir, 'a.mov'), path.join(dir, 'b.mp4'), path.join(dir, 'empty.wav')];
    await put(files[0], 'aaaa');
    await put(files[1], 'bb');
    await put(files[2], '');
    const got = new Collector();
    watcher = watcherFor({ path: dir }, got);
    await watcher.start();

    expect(got.presentPaths().sort()).toEqual([...files].sort());
    expect(got.of(files[0])[0]).toMatchObject({ type: 'present', relPath: 'a.mov', size: 4 });
    expect(got.of(files[2])[0]).toMatchObject({ type: 'present', size: 0 });

    // Nothing changed: a second scan must not repeat them.
    await watcher.scanNow();
    expect(got.events).toHaveLength(3);
    expect(got.errors).toEqual([]);
    expect(watcher.stats()).toMatchObject({ filesKnown: 3, scansDone: 2, errors: 0, scanning: false });
  });

  it('emits a new file, emits it again with the new size when it grows, and emits removed when deleted', async () => {
    const got = new Collector();
    watcher = watcherFor({ path: dir }, got);
    await watcher.start();
    const file = path.join(dir, 'show.mov');

    await put(file, '12345');
    await got.until(() => got.of(file).some((e) => e.type === 'present' && e.size === 5), 'present 5 bytes');

    await appendFile(file, '67890');
    await got.until(
      () => got.of(file).some((e) => e.type === 'present' && e.size === 10),
      'present 10 bytes',
    );

    await rm(file);
    await got.until(() => got.of(file).some((e) => e.type === 'removed'), 'removed');
    expect(got.of(file).at(-1)).toEqual({ type: 'removed', path: file, relPath: 'show.mov' });
    expect(watcher.stats().filesKnown).toBe(0);
  });

  it('sees files in a sub-folder created after start when recursive', async () => {
    const got = new Collector();
    watcher = watcherFor({ path: dir, recursive: true }, got);
    await watcher.start();
    const file = path.join(dir, 'day1', 'cam-a', 'clip.mov');

    await put(file);
    await got.until(() => got.of(file).length > 0, 'nested file');
    expect(got.of(file)[0]).toMatchObject({ type: 'present', relPath: 'day1/cam-a/clip.mov' });
  });

  it('sees the files of a folder moved into the watch folder', async () => {
    const outside = await makeTempDir('bvp-outside-');
    try {
      const staged = path.join(outside.dir, 'batch');
      await put(path.join(staged, 'a.mov'));
      await put(path.join(staged, 'inner', 'b.mov'));
      const got = new Collector();
      watcher = watcherFor({ path: dir }, got);
      await watcher.start();
      await rename(staged, path.join(dir, 'batch'));
      const expected = [path.join(dir, 'batch', 'a.mov'), path.join(dir, 'batch', 'inner', 'b.mov')];
      await got.until(() => expected.every((f) => got.of(f).length > 0), 'both moved-in files');
    } finally {
      await outside.cleanup();
    }
  });

  it('reports files removed with their folder', async () => {
    const file = await put(path.join(dir, 'day1', 'clip.mov'));
    const got = new Collector();
    watcher = watcherFor({ path: dir }, got);
    await watcher.start();
    expect(got.presentPaths()).toEqual([file]);

    await rm(path.join(dir, 'day1'), { recursive: true });
    await got.until(() => got.of(file).some((e) => e.type === 'removed'), 'removed with its folder');
  });

  it('reports 1,000 files dropped at once as exactly 1,000 distinct present paths', async () => {
    const got = new Collector();
    watcher = watcherFor({ path: dir, pollIntervalMs: 500 }, got);
    await watcher.start();
    const drop = path.join(dir, 'drop');
    await mkdir(drop);
    const files = Array.from({ length: 1000 }, (_, i) =>
      path.join(drop, `clip-${String(i).padStart(4, '0')}.mov`),
    );
    await Promise.all(files.map((file) => put(file, 'data')));

    const distinct = () => new Set(got.presentPaths());
    await got.until(() => distinct().size >= 1000, '1,000 present paths', 20_000);
    await watcher.scanNow();
    expect([...distinct()].sort()).toEqual(files);
    expect(got.events.every((e) => e.type === 'present')).toBe(true);
    expect(watcher.stats().filesKnown).toBe(1000);
  });

  it('works with chokidar polling (network shares)', async () => {
    const got = new Collector();
    watcher = watcherFor({ path: dir, usePolling: true }, got);
    await watcher.start();
    const file = await put(path.join(dir, 'smb.mov'), 'abc');

    await got.until(() => got.of(file).length > 0, 'file seen by polling');
    await appendFile(file, 'def');
    await got.until(() => got.of(file).some((e) => e.type === 'present' && e.size === 6), 'growth seen');
  });
});
