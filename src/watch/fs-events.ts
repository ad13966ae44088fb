import type { Stats } from 'node:fs';
import { type FSWatcher, watch } from 'chokidar';
import type { CandidateFilter } from './candidate-filter.ts';

export interface FsEventsOptions {
  filter: CandidateFilter;
  recursive: boolean;
  usePolling: boolean;
  /** Something happened at this path (add, change, unlink): re-stat it. */
  onHint: (absPath: string) => void;
  /** A folder appeared (recursive watching only). */
  onDirAdded: (absPath: string) => void;
  /** A folder went away: everything known below it needs a re-stat. */
  onDirGone: (absPath: string) => void;
  onError: (error: Error) => void;
}

export interface FsEvents {
  /** Resolves once chokidar has walked the tree and set its watches. */
  ready: Promise<void>;
  close(): Promise<void>;
}

// With usePolling chokidar stats every watched file on this period. Video extensions count as "binary" and use
// binaryInterval. A second is plenty for a hint: the reconcile scan is the truth and settling takes seconds anyway,
// while chokidar's 100 ms default would stat thousands of files ten times a second over SMB.
const POLL_MS = 1000;

/**
 * The chokidar side: events are only hints that make the watcher re-stat one path sooner than the next reconcile
 * scan would. `ignoreInitial` because our scan does the initial pass; `followSymlinks: false` because symlinks are
 * never candidates (see walk-folder.ts); no `awaitWriteFinish` because the intake machine does settling.
 */
export function startFsEvents(options: FsEventsOptions): FsEvents {
  const { filter } = options;
  const ignored = (absPath: string, stats?: Stats): boolean => {
    if (filter.isPrunedPath(absPath)) return true;
    if (!stats || absPath === filter.root) return false;
    if (stats.isSymbolicLink()) return true;
    if (stats.isDirectory()) return !options.recursive;
    return stats.isFile() && !filter.isCandidatePath(absPath);
  };
  const watcher: FSWatcher = watch(filter.root, {
    ignoreInitial: true,
    followSymlinks: false,
    persistent: true,
    usePolling: options.usePolling,
    interval: POLL_MS,
    binaryInterval: POLL_MS,
    ignored,
    ...(options.recursive ? {} : { depth: 0 }),
  });

  let markReady = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  watcher.once('ready', () => markReady());
  const hint = (absPath: string) => options.onHint(absPath);
  watcher.on('add', hint);
  watcher.on('change', hint);
  watcher.on('unlink', hint);
  watcher.on('addDir', (absPath) => options.onDirAdded(absPath));
  watcher.on('unlinkDir', (absPath) => options.onDirGone(absPath));
  // chokidar's own errors (EMFILE, ENOSPC when inotify watches run out, EPERM on a vanished share) must never reach
  // an unhandled 'error' emit: the reconcile scan keeps the folder covered meanwhile.
  watcher.on('error', (error) => options.onError(error instanceof Error ? error : new Error(String(error))));

  let closing: Promise<void> | null = null;
  return {
    ready,
    close() {
      // Nobody awaiting `ready` may hang because the watcher was closed before chokidar finished its walk.
      markReady();
      closing ??= watcher.close();
      return closing;
    },
  };
}
