import { mapValues } from './persistent-map.ts';
import { checkCommandIn } from './queue-check.ts';
import type { CommandCheck, QueueCommand, QueueContext, QueueEntry } from './queue-events.ts';
import { compareDispatch, findEntry, isWaiting, liveEntries } from './queue-model.ts';
import type { JobStatus } from './types.ts';

/**
 * What the service reads from a queue snapshot. They take `{ context }`, so a snapshot or a bare context will do;
 * they walk every job, which is fine for a request and never happens inside the machine.
 */
/** Checks a command against a queue snapshot before sending it, so the API can answer 404/409 synchronously. */
export function checkCommand(snapshot: { context: QueueContext }, command: QueueCommand): CommandCheck {
  return checkCommandIn(snapshot.context, command);
}

/** Waiting jobs (pending, and held ones in their place) in the order the queue would start them. */
export function selectJobsInDispatchOrder(snapshot: { context: QueueContext }): QueueEntry[] {
  return mapValues(snapshot.context.jobs).filter(isWaiting).sort(compareDispatch);
}

/** `inSlot`: jobs holding an encode slot; `live`: jobs whose run is alive (encoding, verifying or suspended). */
export type QueueCounts = Record<JobStatus, number> & { total: number; inSlot: number; live: number };

export function selectCounts(snapshot: { context: QueueContext }): QueueCounts {
  const counts: QueueCounts = {
    pending: 0,
    running: 0,
    paused: 0,
    completed: 0,
    failed: 0,
    cancelled: 0,
    total: 0,
    inSlot: 0,
    live: 0,
  };
  for (const entry of mapValues(snapshot.context.jobs)) {
    counts[entry.status]++;
    counts.total++;
    if (entry.inSlot) counts.inSlot++;
    if (entry.live) counts.live++;
  }
  return counts;
}

/** The pending job the queue will start next, without walking the jobs (the front of the ready list). */
export function selectNextPending(snapshot: { context: QueueContext }): QueueEntry | undefined {
  return snapshot.context.ready[0];
}

/** Every job, in the order they were added. */
export function selectJobs(snapshot: { context: QueueContext }): QueueEntry[] {
  return mapValues(snapshot.context.jobs).sort((a, b) => a.added - b.added);
}

export function selectEntry(snapshot: { context: QueueContext }, id: string): QueueEntry | undefined {
  return findEntry(snapshot.context, id);
}

/** Jobs whose run is alive: what a graceful stop waits for, and what it interrupts when the grace period ends. */
export function selectLive(snapshot: { context: QueueContext }): QueueEntry[] {
  return liveEntries(snapshot.context);
}
