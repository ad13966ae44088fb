import { mkdir, symlink } from 'node:fs/promises';
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

/** Writes `sentinel` last and waits for it: by then chokidar has delivered whatever it had for the earlier writes. */
async function settle(got: Collector, w: FolderWatcher, sentinel: string): Promise<void> {
  await put(sentinel);
  await got.until(() => got.of(sentinel).length > 0, `sentinel ${path.basename(sentinel)}`);
  await w.scanNow();
}

describe('folder watcher: what is a candidate', () => {
  it('never emits files inside an output folder nested in the watch folder (issue 14)', async () => {
    const out = path.join(dir, 'out');
    await put(path.join(out, 'before.mov'));
    const got = new Collector();
    watcher = watcherFor({ path: dir, excludeDirs: [out] }, got);
    await watcher.start();

    await put(path.join(out, 'after.mov'));
    await put(path.join(out, 'masters', 'deep.mov'));
    await settle(got, watcher, path.join(dir, 'sentinel.mov'));

    expect(got.presentPaths()).toEqual([path.join(dir, 'sentinel.mov')]);
  });

  it('ignores sub-folders when not recursive', async () => {
    await put(path.join(dir, 'sub', 'before.mov'));
    const got = new Collector();
    watcher = watcherFor({ path: dir, recursive: false }, got);
    await watcher.start();
    await put(path.join(dir, 'sub', 'after.mov'));
    await put(path.join(dir, 'new-sub', 'after.mov'));
    await settle(got, watcher, path.join(dir, 'top.mov'));

    expect(got.presentPaths()).toEqual([path.join(dir, 'top.mov')]);
  });

  it('sees sub-folders when recursive', async () => {
    const before = await put(path.join(dir, 'sub', 'before.mov'));
    const got = new Collector();
    watcher = watcherFor({ path: dir, recursive: true }, got);
    await watcher.start();
    expect(got.presentPaths()).toEqual([before]);
    expect(got.events[0]).toMatchObject({ relPath: 'sub/before.mov' });
  });

  it('matches extensions case-insensitively (CLIP.MOV with `mov` configured — issue 10)', async () => {
    const upper = await put(path.join(dir, 'CLIP.MOV'));
    const got = new Collector();
    watcher = watcherFor({ path: dir, extensions: ['mov', '.WAV'] }, got);
    await watcher.start();
    const wav = await put(path.join(dir, 'music.wav'));
    await put(path.join(dir, 'readme.txt'));
    await settle(got, watcher, path.join(dir, 'Other.Mov'));

    // Which files are candidates, not how often: a file seen mid-write (0 bytes, then full) is rightly reported
    // again when its size changes.
    const candidates = [...new Set(got.presentPaths())].sort();
    expect(candidates).toEqual([upper, wav, path.join(dir, 'Other.Mov')].sort());
  });

  it('honours the ignore predicate, called with a /-separated relative path', async () => {
    const seen: string[] = [];
    const got = new Collector();
    watcher = watcherFor(
      {
        path: dir,
        ignore: (rel, base) => {
          seen.push(rel);
          return rel.startsWith('rushes/') || base.includes('.part');
        },
      },
      got,
    );
    await put(path.join(dir, 'rushes', 'day1', 'a.mov'));
    await watcher.start();
    await put(path.join(dir, 'copy.part.mov'));
    await settle(got, watcher, path.join(dir, 'keep.mov'));

    expect(got.presentPaths()).toEqual([path.join(dir, 'keep.mov')]);
    expect(seen).toContain('rushes/day1/a.mov');
  });

  it('skips hidden files and folders: AppleDouble, temp outputs, copy-tool temporaries (issue 8)', async () => {
    await put(path.join(dir, '._clip.mov'));
    await put(path.join(dir, '.Trashes', 'old.mov'));
    const got = new Collector();
    watcher = watcherFor({ path: dir }, got);
    await watcher.start();
    await put(path.join(dir, '.clip.bvp-tmp-k3j2.mov'));
    await put(path.join(dir, '.sub', 'x.mov'));
    await settle(got, watcher, path.join(dir, 'clip.mov'));

    expect(got.presentPaths()).toEqual([path.join(dir, 'clip.mov')]);
  });

  it('skips symlinks, to files and to folders, inside or outside the watch folder', async () => {
    const outside = await makeTempDir('bvp-outside-');
    try {
      const target = await put(path.join(outside.dir, 'elsewhere.mov'));
      await symlink(target, path.join(dir, 'link-out.mov'));
      await symlink(outside.dir, path.join(dir, 'linked-folder'));
      const real = await put(path.join(dir, 'real.mov'));
      await symlink(real, path.join(dir, 'link-in.mov'));
      await mkdir(path.join(dir, 'dir.mov'));
      const got = new Collector();
      watcher = watcherFor({ path: dir }, got);
      await watcher.start();
      await symlink(target, path.join(dir, 'later-link.mov'));
      await settle(got, watcher, path.join(dir, 'sentinel.mov'));

      expect(got.presentPaths().sort()).toEqual([real, path.join(dir, 'sentinel.mov')].sort());
    } finally {
      await outside.cleanup();
    }
  });
});
