import type { Actor } from 'xstate';
import { checkCommand, type queueMachine } from '../../machines/queue.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../machines/retry-rule.ts';
import { BvpError } from '../errors.ts';
import type { Store } from '../store/index.ts';
import { refusalError } from './refusal.ts';
import type { JobView } from './types.ts';

export interface RetryDeps {
  store: Store;
  actor: Actor<typeof queueMachine>;
  viewOf: (id: string) => JobView;
}

/**
 * An operator's RETRY: the same job id comes back pending with attempts + 1 — never a second job for the same
 * source. The queue's RETRY holds the one rule (machines/queue-check.ts: failed or cancelled, completed only with
 * `rerun`, no other job queued for the source) and brings the job back from the stored record (finished jobs live
 * only in the store); its `job.retried` is what writes the store. A refusal is the BvpError the API maps to 404/409.
 */
export function retryStoredJob(deps: RetryDeps, id: string, rerun: boolean): JobView {
  const { store, actor } = deps;
  const stored = store.getJob(id);
  if (!stored) throw new BvpError('job.not_found', `no job "${id}"`, { details: { id } });
  const command = { type: 'RETRY', id, rerun, job: stored } as const;
  const check = checkCommand(actor.getSnapshot(), command);
  if (!check.ok) throw refusalError(check, command);
  actor.send(command);
  return deps.viewOf(id);
}

/** The queue's retry policy from the service's options (config `max_attempts`, and a backoff tests may shorten). */
export function retryPolicyOf(options: {
  maxAttempts?: number;
  retryBackoff?: { baseMs: number; maxMs?: number };
}): RetryPolicy {
  const { baseMs, maxMs } = { ...DEFAULT_RETRY_POLICY, ...options.retryBackoff };
  return { maxAttempts: options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts, baseMs, maxMs };
}
