import { mapValues, type PersistentMap } from '../../machines/persistent-map.ts';
import type { QueueEntry } from '../../machines/queue.ts';

/** Jobs listed in a queue context view; the rest are counted. */
const QUEUE_JOBS_SHOWN = 50;

interface QueueContextLike {
  jobs: PersistentMap<QueueEntry>;
  ready: readonly QueueEntry[];
  inSlot: number;
  concurrency: number;
}

/**
 * The queue's context as an inspector shows it: every job's id, status and slot, not its ref, spec key and ordering
 * numbers, and the dispatch order as ids. The full context of a queue of 300 jobs is about 80 kB per event, sent on
 * every report of every job; this view keeps an inspected service close to an uninspected one.
 */
function queueView(context: QueueContextLike): unknown {
  const jobs = mapValues(context.jobs);
  return {
    concurrency: context.concurrency,
    inSlot: context.inSlot,
    total: jobs.length,
    jobs: jobs
      .slice(0, QUEUE_JOBS_SHOWN)
      .map((j) => ({ id: j.id, status: j.status, inSlot: j.inSlot, priority: j.priority })),
    ready: context.ready.slice(0, QUEUE_JOBS_SHOWN).map((j) => j.id),
  };
}

/** Context views by machine id; a machine without one is shown whole (toPlain). */
export const CONTEXT_VIEWS: Readonly<Record<string, (context: never) => unknown>> = {
  queue: queueView,
};
