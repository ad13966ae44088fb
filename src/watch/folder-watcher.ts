import { toBvpError } from '../errors.ts';
import { createCandidateFilter, isInside } from './candidate-filter.ts';
import { createFileObserver } from './file-observer.ts';
import { type FsEvents, startFsEvents } from './fs-events.ts';
import { createReporter, unreadableError } from './reporter.ts';
import type { CandidateEvent, FolderWatcher, FolderWatcherOptions, WatcherStats } from './types.ts';
import { walkFolder } from './walk-folder.ts';

// lstat calls a scan keeps in flight: enough to hide network-share latency, few enough to leave libuv's thread
// pool (4 threads by default, shared with everything else) usable while 10,000 files are checked.
const STAT_CONCURRENCY = 16;

// chokidar lists a new folder before it starts watching it, so a file created in between is never announced
// (chokidar issues #1112 and #1471, still so in v5). `mkdir -p` then a copy hits that window; listing the new folder
// once more after it has gone quiet closes it without waiting for the next reconcile scan.
const NEW_DIR_RELIST_MS = 250;

/**
 * Watches one folder. chokidar events and the periodic reconcile scan both end in the file observer: an lstat whose
 * result is compared with what was last sent. Events are only hints that make this happen sooner; the scan catches
 * whatever chokidar missed (SMB/NFS, inotify limits, events lost while busy). Identical observations are not
 * re-sent, so a file seen by both the scan and chokidar is reported once.
 *
 * Never candidates, whatever the options say: folders, symlinks (to anything, anywhere), fifos and devices, hidden
 * names and anything under a hidden folder, anything under an `excludeDirs` entry. Zero-byte files are candidates:
 * the intake machine rejects them with a reason.
 *
 * @example
 * const watcher = createFolderWatcher({
 *   path: '/shows/watch', recursive: true, extensions: ['mov', 'mp4', 'wav'], ignore: () => false,
 *   excludeDirs: ['/shows/watch/out'], pollIntervalMs: 5000, usePolling: false,
 *   onCandidate: (event) => intake.send(event), onError: (error) => log.warn(error),
 * });
 * await watcher.start();
 */
export function createFolderWatcher(options: FolderWatcherOptions): FolderWatcher {
  const filter = createCandidateFilter({ ...options, root: options.path });
  const { root } = filter;
  const reporter = createReporter(options.onError);
  const scans = { done: 0, lastMs: null as number | null, lastAt: null as number | null };
  let closed = false;
  let startPromise: Promise<void> | null = null;
  let closePromise: Promise<void> | null = null;
  let fsEvents: FsEvents | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const relistTimers = new Map<string, NodeJS.Timeout>();
  const background = new Set<Promise<void>>();

  function emit(event: CandidateEvent): void {
    if (closed) return;
    try {
      options.onCandidate(event);
    } catch (error) {
      reporter.report(toBvpError(error));
    }
  }

  const files = createFileObserver({ filter, reporter, emit });
  const isCancelled = () => closed;

  async function forEachLimited(paths: string[], work: (path: string) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < paths.length && !closed) await work(paths[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(STAT_CONCURRENCY, paths.length) }, worker));
  }

  async function runScan(): Promise<void> {
    const started = performance.now();
    const failingDirs = new Map<string, NodeJS.ErrnoException>();
    const walked = await walkFolder({
      filter,
      recursive: options.recursive,
      onDirError: (dir, error) => failingDirs.set(dir, error),
      isCancelled,
    });
    if (closed) return;
    for (const key of [...reporter.keys()]) {
      if (key.startsWith('dir:') && !failingDirs.has(key.slice(4))) reporter.clear(key);
    }
    for (const [dir, error] of failingDirs) {
      reporter.reportOnce(`dir:${dir}`, unreadableError(root, `cannot read folder ${dir}`, dir, error));
    }
    const rootCode = walked.rootError?.code;
    if (walked.rootError) {
      reporter.reportOnce(
        'root',
        unreadableError(root, `cannot read watch folder ${root}`, root, walked.rootError),
      );
    } else reporter.clear('root');

    const toCheck = walked.candidates;
    // Known files the walk did not list are re-stated, not dropped: the file may have arrived through chokidar
    // after the walk passed its folder. A folder that could not be read says nothing about what is gone.
    const listedEverything = !walked.rootError || rootCode === 'ENOENT' || rootCode === 'ENOTDIR';
    if (listedEverything) {
      const listed = new Set(toCheck);
      const failing = [...failingDirs.keys()];
      for (const path of files.knownPaths()) {
        if (!listed.has(path) && !failing.some((dir) => isInside(dir, path))) toCheck.push(path);
      }
    }
    await forEachLimited(toCheck, files.observe);
    scans.done++;
    scans.lastMs = performance.now() - started;
    scans.lastAt = Date.now();
  }

  function scanNow(): Promise<void> {
    if (closed) return Promise.resolve();
    if (!running) {
      running = runScan()
        .catch((error: unknown) => reporter.report(toBvpError(error)))
        .finally(() => {
          running = null;
        });
      return running;
    }
    // Never two scans at once; a caller during a scan gets the next one, which starts after its call.
    queued ??= running.then(() => {
      queued = null;
      return scanNow();
    });
    return queued;
  }

  function schedule(): void {
    if (closed) return;
    timer = setTimeout(() => {
      timer = null;
      void scanNow().finally(schedule);
    }, options.pollIntervalMs);
    // The periodic scan alone should not keep a process alive that has nothing else to do.
    timer.unref();
  }

  function relistLater(dir: string): void {
    if (closed || (!options.recursive && dir !== root)) return;
    clearTimeout(relistTimers.get(dir));
    const relistTimer = setTimeout(() => {
      relistTimers.delete(dir);
      if (closed) return;
      // Folder errors are left to the reconcile scan, which reports each one once.
      const relist = walkFolder({
        filter,
        from: dir,
        recursive: options.recursive,
        onDirError: () => {},
        isCancelled,
      })
        .then((walked) => forEachLimited(walked.candidates, files.observe))
        .catch((error: unknown) => reporter.report(toBvpError(error)))
        .finally(() => background.delete(relist));
      background.add(relist);
    }, NEW_DIR_RELIST_MS);
    relistTimer.unref();
    relistTimers.set(dir, relistTimer);
  }

  function startWatching(): FsEvents {
    return startFsEvents({
      filter,
      recursive: options.recursive,
      usePolling: options.usePolling,
      onHint: (path) => {
        if (filter.isCandidatePath(path)) files.hint(path);
      },
      onDirAdded: relistLater,
      onDirGone: (dir) => {
        for (const path of files.knownPaths()) if (isInside(dir, path)) void files.observe(path);
      },
      onError: (error) => {
        const key = `fs-events:${(error as NodeJS.ErrnoException).code ?? error.message}`;
        reporter.reportOnce(
          key,
          unreadableError(root, `watching ${root} failed: ${error.message}`, root, error),
        );
      },
    });
  }

  const onAbort = () => void close();

  function close(): Promise<void> {
    if (closePromise) return closePromise;
    closed = true;
    if (timer) clearTimeout(timer);
    for (const pending of relistTimers.values()) clearTimeout(pending);
    options.signal?.removeEventListener('abort', onAbort);
    closePromise = (async () => {
      await fsEvents?.close();
      await Promise.all([files.stop(), running, queued, ...background]);
      // Once more for any lstat a finishing scan started after the first stop() looked.
      await files.stop();
    })();
    return closePromise;
  }

  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) void close();

  return {
    start() {
      startPromise ??= (async () => {
        if (closed) return;
        if (options.useFsEvents !== false) {
          fsEvents = startWatching();
          // Scan after chokidar's watches are set: a file is then either listed by the scan or seen by chokidar.
          await fsEvents.ready;
        }
        await scanNow();
        schedule();
      })();
      return startPromise;
    },
    scanNow,
    close,
    stats(): WatcherStats {
      return {
        filesKnown: files.knownCount,
        scansDone: scans.done,
        lastScanMs: scans.lastMs,
        lastScanAt: scans.lastAt,
        errors: reporter.count,
        scanning: running !== null,
      };
    },
  };
}
