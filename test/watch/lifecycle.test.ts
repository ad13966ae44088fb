import { appendFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FolderWatcher } from '../../src/watch/types.ts';
import { Collector, makeTempDir, pollUntil, put, watcherFor } from './helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
const open: FolderWatcher[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
  await cleanup();
});

function track(watcher: FolderWatcher): FolderWatcher {
  open.push(watcher);
  return watcher;
}

// Handles a file watcher holds: fs.watch (FSEventWrap), fs.watchFile (StatWatcher).
function watchHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'FSEventWrap' || r === 'StatWatcher').length;
}

describe('folder watcher lifecycle', () => {
  it('delivers nothing after close and releases its watch handles', async () => {
    const baseline = watchHandles();
    const existing = await put(path.join(dir, 'existing.mov'));
    const got = new Collector();
    const watcher = watcherFor({ path: dir, pollIntervalMs: 20 }, got);
    await watcher.start();
    expect(watchHandles()).toBeGreaterThan(baseline);
    await watcher.close();
    const count = got.events.length;

    // A second watcher on the same folder is the clock: once it has seen all of this, the first would have too.
    const control = new Collector();
    const controlWatcher = track(watcherFor({ path: dir }, control));
    await controlWatcher.start();
    const added = await put(path.join(dir, 'after-close.mov'));
    await appendFile(existing, 'more');
    await rm(existing);
    await control.until(() => control.of(added).length > 0, 'control sees the new file');
    await control.until(
      () => control.of(existing).some((e) => e.type === 'removed'),
      'control sees the removal',
    );
    await watcher.scanNow();

    expect(got.events).toHaveLength(count);
    expect(watcher.stats().scanning).toBe(false);
    await controlWatcher.close();
    await pollUntil(() => watchHandles() <= baseline, 'watch handles to be released');
  });

  it('releases polling watchers too', async () => {
    const baseline = watchHandles();
    await put(path.join(dir, 'a.mov'));
    const watcher = watcherFor({ path: dir, usePolling: true }, new Collector());
    await watcher.start();
    await watcher.close();
    await pollUntil(() => watchHandles() <= baseline, 'polling handles to be released');
  });

  it('can be closed before start finishes, and start still resolves', async () => {
    const got = new Collector();
    const watcher = watcherFor({ path: dir }, got);
    const starting = watcher.start();
    await watcher.close();
    await starting;
    await put(path.join(dir, 'late.mov'));
    await watcher.scanNow();
    expect(got.events).toEqual([]);
  });

  it('closes when its AbortSignal aborts', async () => {
    const controller = new AbortController();
    const got = new Collector();
    const watcher = watcherFor({ path: dir, signal: controller.signal, useFsEvents: false }, got);
    await watcher.start();
    controller.abort();
    await put(path.join(dir, 'after-abort.mov'));
    await watcher.scanNow();
    expect(got.events).toEqual([]);
  });

  it('survives a throwing onCandidate: the error goes to onError and watching continues', async () => {
    const errors: Error[] = [];
    const got = new Collector();
    let calls = 0;
    const watcher = track(
      watcherFor(
        { path: dir },
        {
          onCandidate: (event) => {
            calls++;
            if (calls === 1) throw new Error('consumer bug');
            got.onCandidate(event);
          },
          onError: (error) => errors.push(error),
        },
      ),
    );
    await put(path.join(dir, 'first.mov'));
    await watcher.start();
    const second = await put(path.join(dir, 'second.mov'));
    await got.until(() => got.of(second).length > 0, 'the second file');
    expect(errors.map((e) => e.message)).toEqual(['consumer bug']);
    expect(watcher.stats().errors).toBe(1);
  });

  it('reports stats: files known, scans done, last scan duration', async () => {
    await put(path.join(dir, 'a.mov'));
    await put(path.join(dir, 'b.mov'));
    const watcher = track(watcherFor({ path: dir, useFsEvents: false }, new Collector()));
    expect(watcher.stats()).toMatchObject({ filesKnown: 0, scansDone: 0, lastScanMs: null, errors: 0 });
    await watcher.start();
    const stats = watcher.stats();
    expect(stats).toMatchObject({ filesKnown: 2, scansDone: 1, errors: 0, scanning: false });
    expect(stats.lastScanMs).toBeGreaterThanOrEqual(0);
    expect(stats.lastScanAt).toBeGreaterThan(0);
  });
});
