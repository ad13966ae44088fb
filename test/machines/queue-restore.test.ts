import { describe, expect, it } from 'vitest';
import { type QueueCommand, selectJobs, selectJobsInDispatchOrder } from '../../machines/queue.ts';
import type { RestoredJob } from '../../machines/queue-events.ts';
import { makeSpec } from './fixtures.ts';
import { startQueue } from './queue-harness.ts';

type Queue = ReturnType<typeof startQueue>;

/** What the queue holds, in a form two queues can be compared by. */
function contents(q: Queue) {
  const snapshot = q.actor.getSnapshot();
  return {
    jobs: selectJobs(snapshot).map((e) => ({
      id: e.id,
      status: e.status,
      priority: e.priority,
      order: e.order,
      added: e.added,
      attempts: e.ref.getSnapshot().context.attempts,
    })),
    dispatch: selectJobsInDispatchOrder(snapshot).map((e) => e.id),
    ready: snapshot.context.ready.map((e) => e.id),
    seq: snapshot.context.seq,
    started: q.started(),
  };
}

// As the store hands them back: mixed priorities, persisted orders (one fractional after a MOVE), held jobs.
const jobs: RestoredJob[] = [
  { spec: makeSpec('p1', { priority: 2 }), attempts: 1, status: 'pending', order: 7 },
  { spec: makeSpec('p2', { priority: 2 }), attempts: 2, status: 'pending', order: 3.5 },
  { spec: makeSpec('h1'), attempts: 1, status: 'paused', order: 4 },
  { spec: makeSpec('p3'), attempts: 3, status: 'pending', order: 2 },
  { spec: makeSpec('p4'), attempts: 1, status: 'pending', order: 9 },
  { spec: makeSpec('p5'), attempts: 1, status: 'pending' },
];

describe('queue RESTORE', () => {
  it('ends as the same ADDs one by one would: orders, dispatch order, held jobs, attempts, what starts', () => {
    // Paused while filling, so that the ADDs too see every job before the first dispatch.
    const restored = startQueue({ concurrency: 2 });
    restored.send({ type: 'PAUSE' });
    restored.send({ type: 'RESTORE', jobs });
    const added = startQueue({ concurrency: 2 });
    added.send({ type: 'PAUSE' });
    for (const { spec, attempts, status, order } of jobs)
      added.send({ type: 'ADD', spec, attempts, status, order });
    expect(contents(restored)).toEqual(contents(added));
    restored.send({ type: 'RESUME' });
    added.send({ type: 'RESUME' });
    expect(contents(restored)).toEqual(contents(added));
    expect(restored.started()).toEqual(['p2', 'p1']);
    expect(restored.fake.runOf('p2').input.attempt).toBe(2);
    expect(restored.status('h1')).toBe('paused');
    // A job added later goes after everything restored at its priority.
    restored.add('late');
    added.add('late');
    expect(contents(restored)).toEqual(contents(added));
    expect(restored.errors).toEqual([]);
  });

  it('emits one queue.restored naming the jobs, instead of a job.queued each', () => {
    const q = startQueue();
    q.send({ type: 'PAUSE' });
    q.send({ type: 'RESTORE', jobs });
    expect(q.types()).toEqual(['queue.paused', 'queue.restored']);
    expect(q.emitted[1]).toEqual({ type: 'queue.restored', ids: jobs.map((j) => j.spec.id) });
  });

  it('refuses, one by one, jobs an ADD would refuse, and takes the rest', () => {
    const q = startQueue();
    q.add('a');
    const batch: RestoredJob[] = [
      { spec: makeSpec('a'), attempts: 1, status: 'pending' },
      { spec: makeSpec('twin-of-a', { source: makeSpec('a').source }), attempts: 1, status: 'pending' },
      { spec: makeSpec('b'), attempts: 1, status: 'pending' },
      { spec: makeSpec('b'), attempts: 1, status: 'paused' },
      { spec: makeSpec('c', { source: makeSpec('b').source }), attempts: 1, status: 'pending' },
      { spec: makeSpec('d'), attempts: 1, status: 'paused' },
    ];
    q.send({ type: 'RESTORE', jobs: batch } satisfies QueueCommand);
    const refused = q.emitted.filter((e) => e.type === 'command.refused');
    expect(refused).toMatchObject([
      { command: 'RESTORE', id: 'a', reason: 'duplicate' },
      { command: 'RESTORE', id: 'twin-of-a', reason: 'duplicate' },
      { command: 'RESTORE', id: 'b', reason: 'duplicate' },
      { command: 'RESTORE', id: 'c', reason: 'duplicate' },
    ]);
    expect(q.emitted.at(-1)).toEqual({ type: 'queue.restored', ids: ['b', 'd'] });
    expect(selectJobs(q.actor.getSnapshot()).map((e) => [e.id, e.status])).toEqual([
      ['a', 'running'],
      ['b', 'pending'],
      ['d', 'paused'],
    ]);
    q.fake.finish('a');
    expect(q.running()).toEqual(['b']);
  });

  it('restores 10,000 jobs in one event and dispatches the best of them', () => {
    const many: RestoredJob[] = Array.from({ length: 10_000 }, (_, i) => ({
      spec: makeSpec(`j${i}`, { priority: i % 5 }),
      attempts: 1,
      status: i % 10 === 2 ? 'paused' : 'pending',
      order: i + 1,
    }));
    const q = startQueue();
    q.send({ type: 'RESTORE', jobs: many });
    expect(q.counts()).toMatchObject({ total: 10_000, paused: 1000, pending: 8999, running: 1 });
    expect(q.running()).toEqual(['j4']);
    expect(q.actor.getSnapshot().context.ready[0].id).toBe('j9');
  });
});
