import { describe, expect, it } from 'vitest';
import { jobMachine } from '../../machines/job.ts';
import { checkCommand, type QueueEmitted, selectJobsInDispatchOrder } from '../../machines/queue.ts';
import { makeSpec, progress, result } from './fixtures.ts';
import { startQueue } from './queue-harness.ts';

const order = (q: ReturnType<typeof startQueue>) =>
  selectJobsInDispatchOrder(q.actor.getSnapshot()).map((e) => e.id);

describe('queue dispatch', () => {
  it('emits queued, started, progress and completed for one job, with the data to persist', () => {
    const q = startQueue();
    q.add('a');
    const run = q.fake.runOf('a');
    run.report({ type: 'transcode.phase', phase: 'encoding', tempPath: '/out/.a.tmp' });
    run.report({ type: 'transcode.progress', progress: progress(30) });
    q.advance(2000);
    q.fake.finish('a');
    expect(q.types()).toEqual(['job.queued', 'job.started', 'job.phase', 'job.progress', 'job.completed']);
    const [queued, started, phase, prog, completed] = q.emitted;
    expect(queued).toMatchObject({
      id: 'a',
      status: 'pending',
      job: { id: 'a', status: 'pending', attempts: 1 },
    });
    expect(started).toMatchObject({ id: 'a', status: 'running', job: { startedAt: 1000 } });
    expect(phase).toMatchObject({ id: 'a', phase: 'encoding', tempPath: '/out/.a.tmp' });
    expect(prog).toMatchObject({ id: 'a', status: 'running', progress: progress(30) });
    expect(completed).toMatchObject({
      id: 'a',
      status: 'completed',
      result: result('a'),
      job: { finishedAt: 3000 },
    });
    expect(q.errors).toEqual([]);
  });

  it('starts the highest priority first, then the oldest', () => {
    const q = startQueue();
    q.add('a');
    q.add('b');
    q.add('c', { priority: 5 });
    q.add('d');
    q.add('e', { priority: 5 });
    expect(order(q)).toEqual(['c', 'e', 'b', 'd']);
    for (const id of ['a', 'c', 'e', 'b', 'd']) {
      expect(q.running()).toEqual([id]);
      q.fake.finish(id);
    }
    expect(q.started()).toEqual(['a', 'c', 'e', 'b', 'd']);
  });

  for (const concurrency of [1, 2, 3, 4]) {
    it(`never runs more than ${concurrency} at once under a burst of 100 ADDs, and finishes them all`, () => {
      const q = startQueue({ concurrency });
      for (let i = 0; i < 100; i++) q.add(`j${i}`);
      expect(q.running()).toHaveLength(concurrency);
      let finished = 0;
      while (q.running().length > 0) {
        expect(q.running().length).toBeLessThanOrEqual(concurrency);
        q.fake.finish(q.running()[0]);
        finished++;
      }
      expect(finished).toBe(100);
      // Finished jobs leave the queue (the store keeps them): it ends empty.
      expect(q.counts()).toMatchObject({ total: 0, inSlot: 0 });
      expect(q.finished().completed).toBe(100);
      expect(q.maxInSlot()).toBe(concurrency);
      expect(q.started()).toEqual(Array.from({ length: 100 }, (_, i) => `j${i}`));
    });
  }

  it('starts more jobs as soon as concurrency goes up', () => {
    const q = startQueue();
    for (const id of ['a', 'b', 'c', 'd']) q.add(id);
    q.send({ type: 'SET_CONCURRENCY', value: 3 });
    expect(q.running()).toEqual(['a', 'b', 'c']);
    q.send({ type: 'SET_CONCURRENCY', value: 1 });
    expect(q.running()).toHaveLength(3); // lowering never stops a running job
    q.fake.finish('a');
    q.fake.finish('b');
    expect(q.running()).toEqual(['c']);
    q.fake.finish('c');
    expect(q.running()).toEqual(['d']);
    expect(q.emitted.filter((e) => e.type === 'queue.concurrency')).toEqual([
      { type: 'queue.concurrency', value: 3, previous: 1 },
      { type: 'queue.concurrency', value: 1, previous: 3 },
    ]);
  });

  it('lets the next job start when the running one is cancelled', () => {
    const q = startQueue();
    q.add('a');
    q.add('b');
    const a = q.fake.runOf('a');
    q.send({ type: 'CANCEL', id: 'a' });
    expect(a.cleanedUp).toBe(true);
    expect(q.status('a')).toBe('cancelled');
    expect(q.running()).toEqual(['b']);
    expect(q.errors).toEqual([]);
    expect(q.actor.getSnapshot().status).toBe('active');
  });

  it('starts the next job when one fails, and reports the error', () => {
    const q = startQueue();
    q.add('a');
    q.add('b');
    const error = { code: 'ffmpeg.failed', message: 'exit 1', stderrTail: ['bad'] };
    q.fake.runOf('a').report({ type: 'transcode.failed', error });
    expect(q.emitted.find((e) => e.type === 'job.failed')).toMatchObject({ id: 'a', error });
    expect(q.running()).toEqual(['b']);
  });
});

describe('queue commands', () => {
  it('survives a job actor that throws: the job is reported failed and leaves, the next starts', () => {
    let crash = true;
    const buggy = jobMachine.provide({
      actions: {
        markStarted: () => {
          if (crash) throw new Error('bug in a job action');
        },
      },
    });
    const q = startQueue({}, buggy);
    q.add('a');
    q.add('b');
    const failed = q.emitted.filter((e) => e.type === 'job.failed');
    expect(failed[0]).toMatchObject({
      id: 'a',
      error: { code: 'internal', message: 'bug in a job action' },
      job: { status: 'failed', finishedAt: 1000 },
    });
    expect(q.errors).toEqual([]);
    expect(q.actor.getSnapshot().status).toBe('active');
    // b crashed the same way; both left the queue like any finished job.
    expect(failed.map((e) => e.id)).toEqual(['a', 'b']);
    expect(q.counts()).toMatchObject({ total: 0, inSlot: 0 });
    expect(Object.keys(q.actor.getSnapshot().children)).toEqual([]);
    // Fix the bug: a RETRY brings each back from its stored record, with a fresh actor.
    crash = false;
    for (const e of failed) if (e.type === 'job.failed') q.send({ type: 'RETRY', id: e.id, job: e.job });
    expect(q.emitted.filter((e) => e.type === 'job.retried')).toMatchObject([
      { id: 'a', attempts: 2 },
      { id: 'b', attempts: 2 },
    ]);
    expect(q.running()).toEqual(['a']);
    q.fake.finish('a');
    q.fake.finish('b');
    expect(q.finished()).toEqual({ completed: 2, failed: 2, cancelled: 0 });
  });

  it('clears pending jobs only, keeping the running one; the cleared ones leave the queue', () => {
    const q = startQueue();
    for (const id of ['a', 'b', 'c']) q.add(id);
    const a = q.fake.runOf('a');
    q.send({ type: 'CLEAR' });
    expect(a.cleanedUp).toBe(false);
    expect(q.status('a')).toBe('running');
    expect([q.status('b'), q.status('c')]).toEqual(['cancelled', 'cancelled']);
    expect(q.counts().total).toBe(1);
    expect(
      q.emitted.filter((e) => e.type === 'queue.cleared' || e.type === 'job.cancelled').map((e) => e.type),
    ).toEqual(['queue.cleared', 'job.cancelled', 'job.cancelled']);
    expect(q.emitted.find((e) => e.type === 'queue.cleared')).toEqual({
      type: 'queue.cleared',
      ids: ['b', 'c'],
    });
    q.fake.finish('a');
    expect(q.running()).toEqual([]);
  });

  it('refuses a second ADD of the same source or id, before and inside the machine', () => {
    const q = startQueue();
    q.add('a');
    const twin = { type: 'ADD', spec: makeSpec('a2', { source: makeSpec('a').source }) } as const;
    expect(checkCommand(q.actor.getSnapshot(), twin)).toMatchObject({ ok: false, reason: 'duplicate' });
    q.send(twin);
    q.add('a', { source: { path: '/elsewhere.mov', size: 1, mtimeMs: 1 } });
    const refused = q.emitted.filter((e) => e.type === 'command.refused');
    expect(refused).toMatchObject([
      { command: 'ADD', id: 'a2', reason: 'duplicate' },
      { command: 'ADD', id: 'a', reason: 'duplicate' },
    ]);
    expect(q.counts().total).toBe(1);
    // A changed file is a new identity; the same identity may come back once the first job is finished.
    q.fake.finish('a');
    expect(checkCommand(q.actor.getSnapshot(), twin)).toEqual({ ok: true });
  });

  it('refuses commands on unknown or finished jobs, each with one command.refused and no change', () => {
    const q = startQueue();
    q.add('a');
    q.fake.finish('a');
    // A finished job is gone from the queue: job commands find nothing, a RETRY needs rerun for a completed one.
    expect(q.inQueue('a')).toBe(false);
    const done = q.emitted.find((e) => e.type === 'job.completed')!;
    const record = 'job' in done ? done.job : undefined;
    const before = q.actor.getSnapshot();
    const cases = [
      [{ type: 'CANCEL', id: 'zz' }, 'not_found'],
      [{ type: 'CANCEL', id: 'a' }, 'not_found'],
      [{ type: 'PAUSE_JOB', id: 'a' }, 'not_found'],
      [{ type: 'RESUME_JOB', id: 'a' }, 'not_found'],
      [{ type: 'RETRY', id: 'a', job: record! }, 'invalid_state'],
      [{ type: 'SET_PRIORITY', id: 'a', priority: 3 }, 'not_found'],
      [{ type: 'SET_CONCURRENCY', value: 65 }, 'invalid_value'],
      [{ type: 'SET_CONCURRENCY', value: 0 }, 'invalid_value'],
    ] as const;
    for (const [command, reason] of cases) {
      expect(checkCommand(q.actor.getSnapshot(), command)).toMatchObject({ ok: false, reason });
      const emitted = q.emitted.length;
      q.send(command);
      expect(q.emitted.slice(emitted)).toEqual([
        expect.objectContaining({ type: 'command.refused', reason }),
      ]);
      const after = q.actor.getSnapshot();
      expect(after.status).toBe('active');
      expect(after.value).toEqual(before.value);
      expect(after.context).toEqual(before.context);
    }
    const refused = q.emitted.filter(
      (e): e is Extract<QueueEmitted, { type: 'command.refused' }> => e.type === 'command.refused',
    );
    expect(refused.map((e) => e.reason)).toEqual(cases.map(([, reason]) => reason));
    expect(refused[0]).toMatchObject({ command: 'CANCEL', id: 'zz' });
    expect(q.status('a')).toBe('completed');
    expect(q.errors).toEqual([]);
  });

  it('pauses dispatch, not running jobs, and resumes it', () => {
    const q = startQueue();
    q.add('a');
    q.send({ type: 'PAUSE' });
    q.add('b');
    q.fake.finish('a');
    expect(q.running()).toEqual([]);
    expect(q.status('b')).toBe('pending');
    q.send({ type: 'RESUME' });
    expect(q.running()).toEqual(['b']);
    expect(q.types()).toContain('queue.paused');
    expect(q.types()).toContain('queue.resumed');
  });

  it('keeps the slot of a paused running job and suspends its transcode', () => {
    const q = startQueue();
    q.add('a');
    q.add('b');
    q.send({ type: 'PAUSE_JOB', id: 'a' });
    expect(q.status('a')).toBe('paused');
    expect(q.running()).toEqual(['a']);
    expect(q.fake.runOf('a').commands).toEqual(['SUSPEND']);
    q.send({ type: 'RESUME_JOB', id: 'a' });
    expect(q.fake.runOf('a').commands).toEqual(['SUSPEND', 'CONTINUE']);
    expect(q.types().filter((t) => t === 'job.paused' || t === 'job.resumed')).toEqual([
      'job.paused',
      'job.resumed',
    ]);
  });

  it('holds pending and restored paused jobs until they are resumed', () => {
    const q = startQueue();
    q.send({ type: 'ADD', spec: makeSpec('restored'), status: 'paused', attempts: 2 });
    q.add('a');
    q.add('b');
    q.send({ type: 'PAUSE_JOB', id: 'b' });
    q.fake.finish('a');
    expect(q.running()).toEqual([]);
    expect(q.counts()).toMatchObject({ paused: 2, inSlot: 0 });
    q.send({ type: 'RESUME_JOB', id: 'restored' });
    expect(q.running()).toEqual(['restored']);
    expect(q.fake.runOf('restored').input.attempt).toBe(2);
  });

  it('retries a failed job from its stored record: a fresh actor, the next attempt, at the back of its priority', () => {
    const q = startQueue();
    q.add('a');
    q.add('b');
    const ref = q.entry('a').ref;
    q.fake
      .runOf('a')
      .report({ type: 'transcode.failed', error: { code: 'x', message: 'x', stderrTail: [] } });
    expect(q.running()).toEqual(['b']);
    const failed = q.emitted.find((e) => e.type === 'job.failed')!;
    const record = 'job' in failed ? failed.job : undefined;
    // A job still in the queue is not finished, whatever record comes with the RETRY.
    q.send({ type: 'RETRY', id: 'b', job: { ...record!, id: 'b', source: makeSpec('b').source } });
    expect(q.emitted.at(-1)).toMatchObject({ type: 'command.refused', reason: 'invalid_state' });
    q.add('c');
    q.send({ type: 'RETRY', id: 'a', job: record! });
    expect(q.entry('a').ref).not.toBe(ref);
    expect(q.emitted.find((e) => e.type === 'job.retried')).toMatchObject({ id: 'a', attempts: 2 });
    expect(order(q)).toEqual(['c', 'a']);
    q.fake.finish('b');
    q.fake.finish('c');
    expect(q.fake.runOf('a').input.attempt).toBe(2);
  });

  it('lets a finished job go once its final event is out: its actor stopped, its source free again', () => {
    const q = startQueue();
    q.add('a');
    const ref = q.entry('a').ref;
    // What the service persists from: the job is still in the queue when its final event is emitted.
    const inQueueAtEvent: boolean[] = [];
    q.actor.on('job.completed', (e) => inQueueAtEvent.push(q.inQueue(e.id)));
    q.fake.finish('a');
    expect(q.emitted.at(-1)).toMatchObject({ type: 'job.completed', id: 'a' });
    expect(inQueueAtEvent).toEqual([true]);
    expect(q.inQueue('a')).toBe(false);
    expect(ref.getSnapshot().status).toBe('done');
    expect(q.actor.getSnapshot().children).toEqual({});
    q.add('a');
    expect(q.status('a')).toBe('running');
  });

  it('changes priority of a waiting job and so its place', () => {
    const q = startQueue();
    for (const id of ['a', 'b', 'c']) q.add(id);
    q.send({ type: 'SET_PRIORITY', id: 'c', priority: 9 });
    expect(order(q)).toEqual(['c', 'b']);
    expect(q.emitted.at(-1)).toEqual({ type: 'job.priority', id: 'c', status: 'pending', priority: 9 });
    expect(q.entry('c').ref.getSnapshot().context.priority).toBe(9);
  });
});

describe('queue MOVE', () => {
  function waiting(ids: string[], priorities: Record<string, number> = {}) {
    const q = startQueue();
    q.add('run');
    for (const id of ids) q.add(id, { priority: priorities[id] ?? 0 });
    return q;
  }

  it('moves to top by taking the highest waiting priority and going first within it', () => {
    const q = waiting(['a', 'b', 'c'], { a: 2 });
    q.send({ type: 'MOVE', id: 'c', to: 'top' });
    expect(order(q)).toEqual(['c', 'a', 'b']);
    expect(q.emitted.at(-1)).toMatchObject({ type: 'job.moved', id: 'c', to: 'top', priority: 2 });
    q.fake.finish('run');
    expect(q.running()).toEqual(['c']);
  });

  it('moves to bottom by taking the lowest waiting priority and going last', () => {
    const q = waiting(['a', 'b', 'c'], { a: 2 });
    q.send({ type: 'MOVE', id: 'a', to: 'bottom' });
    expect(order(q)).toEqual(['b', 'c', 'a']);
    q.add('d');
    expect(order(q)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('moves before and after another job, taking its priority', () => {
    const q = waiting(['a', 'b', 'c', 'd'], { a: 1 });
    q.send({ type: 'MOVE', id: 'd', to: 'before', ref: 'b' });
    expect(order(q)).toEqual(['a', 'd', 'b', 'c']);
    q.send({ type: 'MOVE', id: 'c', to: 'after', ref: 'a' });
    expect(order(q)).toEqual(['a', 'c', 'd', 'b']);
    expect(q.emitted.at(-1)).toMatchObject({ type: 'job.moved', id: 'c', priority: 1 });
  });

  it('keeps working when repeated moves exhaust the gap between two jobs', () => {
    const q = waiting(['a', 'b', 'x', 'y']);
    // Alternately slot x and y between a and the job right after it: each move halves the same gap.
    for (let i = 0; i < 120; i++) {
      const id = i % 2 === 0 ? 'x' : 'y';
      q.send({ type: 'MOVE', id, to: 'after', ref: 'a' });
      expect(order(q)[1]).toBe(id);
    }
    expect(order(q)).toEqual(['a', 'y', 'x', 'b']);
    expect(q.emitted.some((e) => e.type === 'job.moved' && e.id === 'b')).toBe(true); // a renumbering happened
  });

  it('refuses to move running or unknown jobs', () => {
    const q = waiting(['a']);
    const snapshot = q.actor.getSnapshot();
    expect(checkCommand(snapshot, { type: 'MOVE', id: 'run', to: 'top' })).toMatchObject({
      reason: 'invalid_state',
    });
    expect(checkCommand(snapshot, { type: 'MOVE', id: 'nope', to: 'top' })).toMatchObject({
      reason: 'not_found',
    });
    expect(checkCommand(snapshot, { type: 'MOVE', id: 'a', to: 'before' })).toMatchObject({
      reason: 'invalid_value',
    });
    expect(checkCommand(snapshot, { type: 'MOVE', id: 'a', to: 'before', ref: 'run' })).toMatchObject({
      reason: 'invalid_state',
    });
  });
});
