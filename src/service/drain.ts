import { type Actor, waitFor } from 'xstate';
import { type QueueEntry, type queueMachine, selectLive } from '../../machines/queue.ts';
import type { PublishEvent } from './events.ts';

/** A job a stop waits for, as the operator knows it: its id and source file. */
export interface DrainJob {
  id: string;
  source: string;
}

export interface DrainOptions {
  queue: Actor<typeof queueMachine>;
  graceMs: number;
  now: () => number;
  publish: PublishEvent;
  /** How often the countdown is told, in ms (default 5000). */
  everyMs?: number;
  /** Aborting stops the wait (the queue goes on stopping by itself); the jobs alive then are returned. */
  signal?: AbortSignal;
}

const asDrainJob = (entry: QueueEntry): DrainJob => ({
  id: entry.id,
  source: entry.ref.getSnapshot().context.spec.source.path,
});

/**
 * Graceful stop: the queue's `stopping` state dispatches nothing and ends when its last live run does or when the
 * grace period is over; this sends STOP and waits for the queue to be `stopped` (XState's `waitFor`, no polling).
 * Meanwhile it tells the operator which jobs it waits for and how long is left (`service.stopping`, at the start and
 * every `everyMs`), so Ctrl+C is never followed by silence. Returns the jobs still alive at the end: they stopped
 * with the queue, and the caller requeues them in the store for the next start.
 */
export async function drainAtStop(options: DrainOptions): Promise<DrainJob[]> {
  const { queue, now, publish } = options;
  const deadline = now() + options.graceMs;
  const live = () => selectLive(queue.getSnapshot()).map(asDrainJob);
  const tell = () => {
    const jobs = live();
    const left = deadline - now();
    if (jobs.length > 0 && left > 0)
      publish('service.stopping', { jobs, secondsLeft: Math.ceil(left / 1000) });
  };
  queue.send({ type: 'STOP', graceMs: options.graceMs });
  tell();
  const countdown = setInterval(tell, options.everyMs ?? 5000);
  try {
    await waitFor(queue, (snapshot) => snapshot.status !== 'active' || snapshot.matches('stopped'), {
      timeout: Number.POSITIVE_INFINITY,
      signal: options.signal,
    }).catch(() => {});
  } finally {
    clearInterval(countdown);
  }
  return live();
}
