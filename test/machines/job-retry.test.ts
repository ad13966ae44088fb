import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { createJobMachine, jobRecordOf } from '../../machines/job.ts';
import { createQueueMachine, type QueueEmitted, type QueueInput, selectEntry } from '../../machines/queue.ts';
import { isTransient, retryDelayMs } from '../../machines/retry-rule.ts';
import type { JobErrorInfo } from '../../machines/types.ts';
import { fakeTranscode, makeSpec } from './fixtures.ts';

const RETRY = { maxAttempts: 3, baseMs: 1000, maxMs: 10_000 };
const fault = (code: string): JobErrorInfo => ({ code, message: code, stderrTail: [] });

/** A queue on XState's simulated clock: its delays (the retry wait) run when the test moves time, not by sleeping. */
function startQueue(input: QueueInput = {}) {
  const clock = new SimulatedClock();
  const fake = fakeTranscode();
  const now = () => 1_000_000 + clock.now();
  const machine = createQueueMachine(now).provide({
    actors: { job: createJobMachine(now).provide({ actors: { transcode: fake.logic } }) },
  });
  const actor = createActor(machine, { clock, input: { retry: RETRY, ...input } });
  const emitted: QueueEmitted[] = [];
  actor.on('*', (e) => emitted.push(e));
  actor.start();
  // A finished job has left the queue: it is read from its last event's record, as the store holds it.
  const lastRecord = (id: string) =>
    emitted.findLast((e): e is Extract<QueueEmitted, { job: unknown }> => 'job' in e && e.id === id)?.job;
  const job = (id: string) => {
    const ref = selectEntry(actor.getSnapshot(), id)?.ref;
    return ref ? jobRecordOf(ref.getSnapshot()) : lastRecord(id);
  };
  const fail = (id: string, code: string) =>
    fake.runOf(id).report({ type: 'transcode.failed', error: fault(code) });
  return {
    actor,
    clock,
    fake,
    emitted,
    job,
    fail,
    status: (id: string) => selectEntry(actor.getSnapshot(), id)?.status ?? lastRecord(id)?.status,
  };
}

describe('the retry rule', () => {
  it('calls passing causes transient and lasting ones permanent', () => {
    for (const code of ['output.no_space', 'output.permission', 'ffmpeg.stalled', 'ffmpeg.killed'])
      expect(isTransient(fault(code)), code).toBe(true);
    for (const code of [
      'input.unreadable',
      'input.no_streams',
      'verify.failed',
      'source.changed',
      'ffmpeg.failed',
    ])
      expect(isTransient(fault(code)), code).toBe(false);
    expect(isTransient(null)).toBe(false);
  });

  it('doubles the wait from the base up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((runs) => retryDelayMs(RETRY, runs))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });
});

describe('automatic retry in the job machine', () => {
  it('a full disk: the job waits pending until retryAt, is not dispatched before, then runs again and completes', () => {
    const q = startQueue();
    q.actor.send({ type: 'ADD', spec: makeSpec('a') });
    expect(q.fake.runOf('a').input.attempt).toBe(1);
    q.fail('a', 'output.no_space');

    expect(q.status('a')).toBe('pending');
    expect(q.job('a')).toMatchObject({ retryAt: 1_001_000, attempts: 2, error: { code: 'output.no_space' } });
    expect(q.fake.live()).toEqual([]);
    expect(q.emitted.find((e) => e.type === 'job.retried')).toMatchObject({
      id: 'a',
      attempts: 2,
      job: { status: 'pending', retryAt: 1_001_000 },
    });
    // Another job is dispatched while `a` waits: the wait holds no slot.
    q.actor.send({ type: 'ADD', spec: makeSpec('b') });
    expect(q.fake.live().map((r) => r.input.spec.id)).toEqual(['b']);
    q.fake.finish('b');

    q.clock.increment(999);
    expect(q.fake.live()).toEqual([]);
    q.clock.increment(1);
    expect(q.emitted.find((e) => e.type === 'job.due')).toMatchObject({ id: 'a', job: { retryAt: null } });
    expect(q.fake.runOf('a').input.attempt).toBe(2);
    expect(q.status('a')).toBe('running');
    q.fake.finish('a');
    expect(q.status('a')).toBe('completed');
    expect(q.job('a')).toMatchObject({ attempts: 2, retryAt: null, error: null });
  });

  it('a failed verification is not retried', () => {
    const q = startQueue();
    q.actor.send({ type: 'ADD', spec: makeSpec('a') });
    q.fail('a', 'verify.failed');
    expect(q.status('a')).toBe('failed');
    expect(q.job('a')).toMatchObject({ retryAt: null, attempts: 1, error: { code: 'verify.failed' } });
    q.clock.increment(60_000);
    expect(q.fake.runs).toHaveLength(1);
    expect(q.emitted.some((e) => e.type === 'job.retried')).toBe(false);
  });

  it('gives up after max_attempts runs, waiting longer each time, and keeps the last failure', () => {
    const q = startQueue();
    q.actor.send({ type: 'ADD', spec: makeSpec('a') });
    q.fail('a', 'ffmpeg.stalled');
    expect(q.job('a')?.retryAt).toBe(1_001_000);
    q.clock.increment(1000);
    q.fail('a', 'output.permission');
    expect(q.job('a')?.retryAt).toBe(1_003_000);
    q.clock.increment(2000);
    q.fail('a', 'output.no_space');
    expect(q.status('a')).toBe('failed');
    expect(q.job('a')).toMatchObject({ attempts: 3, retryAt: null, error: { code: 'output.no_space' } });
    expect(q.fake.runs.map((r) => r.input.attempt)).toEqual([1, 2, 3]);
  });

  it('a job cancelled while it waits stays cancelled when the wait would have ended', () => {
    const q = startQueue();
    q.actor.send({ type: 'ADD', spec: makeSpec('a') });
    q.fail('a', 'output.no_space');
    q.actor.send({ type: 'CANCEL', id: 'a' });
    expect(q.status('a')).toBe('cancelled');
    q.clock.increment(10_000);
    expect(q.status('a')).toBe('cancelled');
    expect(q.fake.runs).toHaveLength(1);
  });

  it('a job paused while it waits is held until resumed, then runs at once', () => {
    const q = startQueue();
    q.actor.send({ type: 'ADD', spec: makeSpec('a') });
    q.fail('a', 'output.no_space');
    q.actor.send({ type: 'PAUSE_JOB', id: 'a' });
    q.clock.increment(10_000);
    expect(q.status('a')).toBe('paused');
    expect(q.fake.live()).toEqual([]);
    q.actor.send({ type: 'RESUME_JOB', id: 'a' });
    expect(q.status('a')).toBe('running');
  });

  it('a job restored while waiting keeps its retryAt and runs when it comes (at once when already past)', () => {
    const q = startQueue();
    q.actor.send({
      type: 'RESTORE',
      jobs: [
        { spec: makeSpec('later'), attempts: 2, status: 'pending', retryAt: 1_005_000 },
        { spec: makeSpec('past'), attempts: 2, status: 'pending', retryAt: 999_000 },
      ],
    });
    // A wait already over ends on the next tick of the clock.
    expect(q.fake.live()).toEqual([]);
    q.clock.increment(0);
    expect(q.fake.live().map((r) => r.input.spec.id)).toEqual(['past']);
    expect(q.job('later')).toMatchObject({ retryAt: 1_005_000, status: 'pending' });
    q.fake.finish('past');
    q.clock.increment(4999);
    expect(q.fake.live()).toEqual([]);
    q.clock.increment(1);
    expect(q.fake.live().map((r) => r.input.spec.id)).toEqual(['later']);
    expect(q.fake.runOf('later').input.attempt).toBe(2);
  });
});

describe("an operator's RETRY of a job only the store holds (one rule, in the queue)", () => {
  const stored = (id: string, status: 'completed' | 'failed' | 'cancelled', extra = {}) => ({
    ...makeSpec(id),
    status,
    attempts: 1,
    progress: null,
    error: status === 'failed' ? fault('verify.failed') : null,
    result: null,
    startedAt: 5,
    finishedAt: 6,
    updatedAt: 6,
    retryAt: null,
    ...extra,
  });

  it('brings a failed job back under its id with a fresh actor and the next attempt', () => {
    const q = startQueue();
    q.actor.send({ type: 'RETRY', id: 'a', job: stored('a', 'failed') });
    expect(q.emitted.map((e) => e.type)).toEqual(['job.queued', 'job.retried', 'job.started']);
    expect(q.emitted[1]).toMatchObject({ id: 'a', attempts: 2, job: { status: 'pending', error: null } });
    expect(q.fake.runOf('a').input.attempt).toBe(2);
  });

  it('refuses a completed job without rerun, and a job whose source is queued again', () => {
    const q = startQueue();
    q.actor.send({ type: 'RETRY', id: 'a', job: stored('a', 'completed') });
    expect(q.emitted.at(-1)).toMatchObject({ type: 'command.refused', reason: 'invalid_state' });
    q.actor.send({ type: 'ADD', spec: makeSpec('b', { source: makeSpec('a').source }) });
    q.actor.send({ type: 'RETRY', id: 'a', rerun: true, job: stored('a', 'completed') });
    expect(q.emitted.at(-1)).toMatchObject({ type: 'command.refused', reason: 'duplicate' });
    expect(q.fake.runs.map((r) => r.input.spec.id)).toEqual(['b']);
  });
});
