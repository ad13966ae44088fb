import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import type { CandidateFilter } from './candidate-filter.ts';
import { type Reporter, unreadableError } from './reporter.ts';
import type { CandidateEvent } from './types.ts';

export interface FileObserverOptions {
  filter: CandidateFilter;
  reporter: Reporter;
  emit: (event: CandidateEvent) => void;
}

/**
 * The one place that decides what to emit: every chokidar hint and every scanned path ends in `observe(path)`, an
 * lstat whose result is compared with what was last sent. Identical observations are not re-sent, so a file seen by
 * both the scan and chokidar is reported once.
 */
export interface FileObserver {
  observe(path: string): Promise<void>;
  /** A chokidar event: observe now, and once more when the burst of events for this path has ended. */
  hint(path: string): void;
  knownPaths(): string[];
  readonly knownCount: number;
  /** Cancels trailing re-stats and resolves when no lstat is in flight. */
  stop(): Promise<void>;
}

interface FileState {
  size: number;
  mtimeMs: number;
}

interface RestatSlot {
  again: boolean;
  done: Promise<void>;
}

// chokidar throttles fs.watch events per file (5 ms, leading edge only): a write landing right after another one
// is dropped, and at the end of a copy that is the last chunk — the file would sit at a stale size until the next
// reconcile scan. One more lstat after the burst goes quiet restores the trailing edge.
const TRAILING_MS = 250;

export function createFileObserver(options: FileObserverOptions): FileObserver {
  const { filter, reporter, emit } = options;
  const known = new Map<string, FileState>();
  // One lstat per path at a time, so results are applied in the order they were asked for.
  const inFlight = new Map<string, RestatSlot>();
  const trailing = new Map<string, NodeJS.Timeout>();
  let stopped = false;

  function forget(path: string): void {
    if (!known.delete(path)) return;
    emit({ type: 'removed', path, relPath: filter.relPath(path) });
  }

  async function restatOnce(path: string): Promise<void> {
    let st: Stats;
    try {
      st = await lstat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') forget(path);
      else
        reporter.reportOnce(`stat:${path}`, unreadableError(filter.root, `cannot stat ${path}`, path, error));
      return;
    }
    reporter.clear(`stat:${path}`);
    // lstat, not stat: a file replaced by a symlink or a folder is no longer a candidate.
    if (!st.isFile()) return forget(path);
    const prev = known.get(path);
    if (prev && prev.size === st.size && prev.mtimeMs === st.mtimeMs) return;
    known.set(path, { size: st.size, mtimeMs: st.mtimeMs });
    emit({ type: 'present', path, relPath: filter.relPath(path), size: st.size, mtimeMs: st.mtimeMs });
  }

  function observe(path: string): Promise<void> {
    const slot = inFlight.get(path);
    if (slot) {
      // A burst of events collapses into one more lstat after the current one.
      slot.again = true;
      return slot.done;
    }
    const fresh: RestatSlot = { again: false, done: Promise.resolve() };
    inFlight.set(path, fresh);
    fresh.done = (async () => {
      do {
        fresh.again = false;
        await restatOnce(path);
      } while (fresh.again && !stopped);
      inFlight.delete(path);
    })();
    return fresh.done;
  }

  function hint(path: string): void {
    if (stopped) return;
    void observe(path);
    clearTimeout(trailing.get(path));
    const timer = setTimeout(() => {
      trailing.delete(path);
      if (!stopped) void observe(path);
    }, TRAILING_MS);
    timer.unref();
    trailing.set(path, timer);
  }

  return {
    observe,
    hint,
    knownPaths: () => [...known.keys()],
    get knownCount() {
      return known.size;
    },
    async stop() {
      stopped = true;
      for (const timer of trailing.values()) clearTimeout(timer);
      trailing.clear();
      await Promise.all([...inFlight.values()].map((slot) => slot.done));
    },
  };
}
