import type { JobActorRef } from './job.ts';
import { mapSetAll } from './persistent-map.ts';
import { checkCommandIn } from './queue-check.ts';
import type { QueueContext, QueueEmitted, QueueEntry, RestoredJob } from './queue-events.ts';
import { compareReady, isReady } from './queue-model.ts';
import { identityKey } from './types.ts';

/**
 * RESTORE, the boot's bulk ADD. Same outcome as one ADD per job in the same order — same checks, orders, `added`
 * sequence and dispatch order — but the queue's structures are built once: the maps in one pass and `ready` with
 * one sort, where 10,000 ADDs copy them 10,000 times.
 */

/** Which jobs the queue takes: each checked as an ADD against the queue and the restored jobs before it. */
export function planRestore(
  context: QueueContext,
  jobs: readonly RestoredJob[],
): { accepted: RestoredJob[]; refused: QueueEmitted[] } {
  const accepted: RestoredJob[] = [];
  const refused: QueueEmitted[] = [];
  const ids = new Set<string>();
  const keys = new Set<string>();
  for (const job of jobs) {
    const { id } = job.spec;
    const key = identityKey(job.spec.source);
    const check = checkCommandIn(context, { type: 'ADD', spec: job.spec });
    if (!check.ok) {
      const { reason, message } = check;
      refused.push({ type: 'command.refused', command: 'RESTORE', id, reason, message });
    } else if (ids.has(id) || keys.has(key)) {
      const message = ids.has(id)
        ? `job ${id} is restored twice`
        : `${job.spec.source.path} is restored twice`;
      refused.push({ type: 'command.refused', command: 'RESTORE', id, reason: 'duplicate', message });
    } else {
      accepted.push(job);
      ids.add(id);
      keys.add(key);
    }
  }
  return { accepted, refused };
}

/**
 * The context with `jobs` (already checked by `planRestore`) added, each with the actor `spawnJob` gives it for its
 * child key. A job with a persisted order keeps it; one without goes after everything queued, as an ADD would.
 */
export function admitAll(
  context: QueueContext,
  jobs: readonly RestoredJob[],
  spawnJob: (job: RestoredJob, key: string) => JobActorRef,
): Pick<QueueContext, 'jobs' | 'keys' | 'ready' | 'seq' | 'spawned'> {
  let { seq, spawned } = context;
  const entries: QueueEntry[] = [];
  for (const job of jobs) {
    spawned++;
    seq = job.order === undefined ? seq + 1 : Math.max(seq, Math.ceil(job.order));
    entries.push({
      id: job.spec.id,
      ref: spawnJob(job, String(spawned)),
      key: identityKey(job.spec.source),
      status: job.status,
      live: false,
      inSlot: false,
      priority: job.spec.priority,
      order: job.order ?? seq,
      added: spawned,
      retryAt: job.retryAt ?? null,
    });
  }
  const pending = entries.filter(isReady);
  return {
    jobs: mapSetAll(
      context.jobs,
      entries.map((entry) => [entry.id, entry] as const),
    ),
    keys: mapSetAll(
      context.keys,
      entries.map((entry) => [entry.key, entry.id] as const),
    ),
    ready: pending.length === 0 ? context.ready : [...context.ready, ...pending].sort(compareReady),
    seq,
    spawned,
  };
}
