import { BvpError } from '../errors.ts';

/** Error delivery for one watcher: counted, never thrown, and lasting conditions reported once. */
export interface Reporter {
  report(error: Error): void;
  /** Reports under `key` unless that key is already reported and not yet cleared. */
  reportOnce(key: string, error: Error): void;
  /** The condition behind `key` is over; report it again if it comes back. */
  clear(key: string): void;
  keys(): IterableIterator<string>;
  readonly count: number;
}

export function createReporter(onError: (error: Error) => void): Reporter {
  // A folder that stays unreadable is reported when it becomes so, not on every scan (the log would otherwise repeat it every few seconds).
  const active = new Set<string>();
  let count = 0;
  const report = (error: Error): void => {
    count++;
    try {
      onError(error);
    } catch {
      // An error sink that throws has nowhere left to report to; the watcher must keep running regardless.
    }
  };
  return {
    report,
    reportOnce(key, error) {
      if (active.has(key)) return;
      active.add(key);
      report(error);
    },
    clear: (key) => void active.delete(key),
    keys: () => active.keys(),
    get count() {
      return count;
    },
  };
}

/** The watcher's one error shape: `input.unreadable`, with the folder, the path and the errno code as details. */
export function unreadableError(folder: string, message: string, path: string, cause: unknown): BvpError {
  const errno = (cause as NodeJS.ErrnoException | null)?.code;
  return new BvpError('input.unreadable', message, { cause, details: { folder, path, errno } });
}
