import type { AnyActorRef } from 'xstate';
import type { JobInput } from './job.ts';
import { emptyMap } from './persistent-map.ts';
import { refusalOf } from './queue-check.ts';
import {
  MAX_CONCURRENCY,
  type QueueCommand,
  type QueueContext,
  type QueueEntry,
  type QueueInput,
} from './queue-events.ts';
import { DEFAULT_RETRY_POLICY } from './retry-rule.ts';
import type { JobRecord } from './types.ts';

/** How the queue chart turns events into action, guard and spawn params: one place, so the chart reads as a chart. */

const refusal = ({ context, event }: { context: QueueContext; event: QueueCommand }) => ({
  refused: refusalOf(context, event),
});
export const allowed = { type: 'allowed', params: ({ event }: { event: QueueCommand }) => event } as const;
export const refused = { actions: { type: 'refuse', params: refusal } } as const;
export const byId = ({ event }: { event: { id: string } }) => ({ id: event.id });
export type Forwarded = { id: string; type: 'CANCEL' | 'PAUSE' | 'RESUME' };
export const forwardAs =
  (type: Forwarded['type']) =>
  ({ event }: { event: { id: string } }): Forwarded => ({ id: event.id, type });

/** A spawned job's input: its spec and the state it comes back in, the queue's retry policy, the queue. */
export function jobInputOf(
  context: Pick<QueueContext, 'retry'>,
  parent: AnyActorRef,
  job: Pick<JobInput, 'spec' | 'attempts' | 'status' | 'retryAt' | 'error'>,
): JobInput {
  const { spec, attempts, status, retryAt, error } = job;
  return { spec, attempts, status, retryAt, error, retry: context.retry, parent };
}

/**
 * The ADD that brings back a finished job from its stored record, on RETRY: its spec, its priority, the next
 * attempt; `admit` puts it at the back of its priority like a new job.
 */
export function storedRetryOf(job: JobRecord): Extract<QueueCommand, { type: 'ADD' }> {
  const {
    status: _status,
    attempts,
    progress: _progress,
    error: _error,
    result: _result,
    startedAt: _startedAt,
    finishedAt: _finishedAt,
    updatedAt: _updatedAt,
    retryAt: _retryAt,
    ...spec
  } = job;
  return { type: 'ADD', spec, attempts: attempts + 1 };
}

/** The queue's context from its input: empty, running up to `concurrency` (1..64) encodes at once. */
export function initialContext(input: QueueInput): QueueContext {
  return {
    jobs: emptyMap<QueueEntry>(),
    keys: emptyMap<string>(),
    inSlot: 0,
    ready: [],
    concurrency: Math.min(MAX_CONCURRENCY, Math.max(1, Math.trunc(input.concurrency ?? 1))),
    seq: 0,
    spawned: 0,
    retry: input.retry ?? DEFAULT_RETRY_POLICY,
    graceMs: 0,
  };
}
