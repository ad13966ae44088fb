import type { PublishEvent } from './events.ts';

/** A job a stop waits for, as the operator knows it: its id and source file. */
export interface DrainJob {
  id: string;
  source: string;
}

export interface DrainOptions {
  /** The jobs whose runs are still alive (encoding, suspended or verifying), asked afresh on every look. */
  live: () => DrainJob[];
  graceMs: number;
  now: () => number;
  publish: PublishEvent;
  /** How often the countdown is told, in ms (default 5000). */
  everyMs?: number;
  /** Ends the wait early: the jobs still alive are returned at once, to be interrupted. */
  signal?: AbortSignal;
}

const LOOK_MS = 50;

/**
 * Waits up to the grace period for running jobs to finish, telling the operator which jobs it waits for and how long
 * is left (`service.stopping`), so Ctrl+C is never followed by silence. Returns the jobs still alive at the end:
 * the caller interrupts them and they are requeued for the next start.
 */
export async function drainAtStop(options: DrainOptions): Promise<DrainJob[]> {
  const every = options.everyMs ?? 5000;
  const deadline = options.now() + options.graceMs;
  let told = Number.POSITIVE_INFINITY;
  for (;;) {
    const jobs = options.live();
    const left = deadline - options.now();
    if (jobs.length === 0 || left <= 0 || options.signal?.aborted) return jobs;
    // Told at the start and then at each `every` boundary of the time left (30 s, 25 s, …).
    const mark = Math.ceil(left / every);
    if (mark < told) {
      told = mark;
      options.publish('service.stopping', { jobs, secondsLeft: Math.ceil(left / 1000) });
    }
    await pause(Math.min(LOOK_MS, left), options.signal);
  }
}

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
