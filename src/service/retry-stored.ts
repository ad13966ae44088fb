import type { Actor } from 'xstate';
import { checkCommand, type queueMachine } from '../../machines/queue.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../machines/retry-rule.ts';
import { BvpError } from '../errors.ts';
import type { Store } from '../store/index.ts';
import type { PublishEvent } from './events.ts';
import type { JobView } from './types.ts';

export interface RetryDeps {
  store: Store;
  actor: Actor<typeof queueMachine>;
  viewOf: (id: string) => JobView;
  publish: PublishEvent;
}

/**
 * RETRY of a finished job the queue no longer holds (finished jobs live only in the store): the same job id comes
 * back pending with attempts + 1 — never a second job for the same source. A completed job needs `rerun`.
 */
export function retryStoredJob(deps: RetryDeps, id: string, rerun: boolean): JobView {
  const { store, actor } = deps;
  const stored = store.getJob(id);
  if (!stored) throw new BvpError('job.not_found', `no job "${id}"`, { details: { id } });
  if (stored.status === 'completed' && !rerun) {
    throw new BvpError('job.state', `job "${id}" completed; retry it with rerun to encode it again`, {
      details: { id, status: stored.status },
    });
  }
  if (stored.status !== 'completed' && stored.status !== 'failed' && stored.status !== 'cancelled') {
    throw new BvpError('job.state', `cannot retry job "${id}": it is ${stored.status}`, { details: { id } });
  }
  const duplicate = checkCommand(actor.getSnapshot(), { type: 'ADD', spec: stored });
  if (!duplicate.ok) throw new BvpError('job.duplicate', duplicate.message, { details: { id } });
  const attempts = stored.attempts + 1;
  const reset = { progress: null, error: null, result: null, startedAt: null, finishedAt: null };
  store.recordTransition(
    id,
    { status: 'pending', attempts, ...reset },
    {
      type: 'retried',
      data: { attempts, rerun },
    },
  );
  actor.send({ type: 'ADD', spec: stored, attempts });
  const view = deps.viewOf(id);
  deps.publish('job.retried', { id, status: 'pending', attempts, job: view });
  return view;
}

/** The queue's retry policy from the service's options (config `max_attempts`, and a backoff tests may shorten). */
export function retryPolicyOf(options: {
  maxAttempts?: number;
  retryBackoff?: { baseMs: number; maxMs?: number };
}): RetryPolicy {
  const { baseMs, maxMs } = { ...DEFAULT_RETRY_POLICY, ...options.retryBackoff };
  return { maxAttempts: options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts, baseMs, maxMs };
}
