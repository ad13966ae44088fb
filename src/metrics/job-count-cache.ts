/**
 * Store calls that never change a job's status. Every other call (insertJob, recordTransition, deleteHistory,
 * recover, and any method added later) may, so it marks the counts stale: a new write method is safe by default.
 */
const KEEPS_STATUSES: ReadonlySet<string> = new Set([
  'getJob',
  'getJobExtras',
  'getTimeline',
  'listActive',
  'listActiveWithExtras',
  'listHistory',
  'countByStatus',
  'stats',
  'perHour',
  'updateProgress',
  'reorder',
  'markSeen',
  'getSeen',
  'isQueuedOrDone',
  'getQueuePause',
  'setQueuePause',
]);

export interface JobCountCache<T> {
  /** Tells the cache a store call ran (from the timed store's observer). */
  storeCalled(operation: string): void;
  /** The counts: the cached ones while no store call could have changed a status, else `count()` afresh. */
  read(count: () => T): T;
  /** The service's store is timed through `storeCalled`; until then every read counts afresh. */
  watching(): void;
}

/**
 * Per-status job counts kept between scrapes. Every status change is written through the store (the store is the
 * record of a job), so counts read after the last status-changing store call are still exact: a scrape of a quiet
 * service costs no query at all, and a busy one at most one grouped COUNT however many times it is scraped.
 */
export function createJobCountCache<T>(): JobCountCache<T> {
  let watched = false;
  let stale = true;
  let cached: T | null = null;
  return {
    storeCalled(operation) {
      if (!KEEPS_STATUSES.has(operation)) stale = true;
    },
    read(count) {
      if (!watched || stale || cached === null) {
        // Cleared before counting: a status write during the count (none today: the store is synchronous) recounts.
        stale = false;
        cached = count();
      }
      return cached;
    },
    watching() {
      watched = true;
    },
  };
}
