import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { createJobMachine } from '../../machines/job.ts';
import { createQueueMachine, selectLive } from '../../machines/queue.ts';
import { fakeTranscode, makeSpec } from './fixtures.ts';

/** The queue's `stopping` state, on XState's simulated clock: the grace timer runs when the test moves time. */
function startQueue(concurrency = 1) {
  const clock = new SimulatedClock();
  const fake = fakeTranscode();
  const now = () => clock.now();
  const machine = createQueueMachine(now).provide({
    actors: { job: createJobMachine(now).provide({ actors: { transcode: fake.logic } }) },
  });
  const actor = createActor(machine, { clock, input: { concurrency } });
  actor.start();
  for (const id of ['a', 'b', 'c']) actor.send({ type: 'ADD', spec: makeSpec(id) });
  return { actor, clock, fake, started: () => fake.runs.map((r) => r.input.spec.id) };
}

describe('graceful stop', () => {
  it('dispatches nothing more and stops when the last running job ends', () => {
    const q = startQueue();
    q.actor.send({ type: 'STOP', graceMs: 30_000 });
    expect(q.actor.getSnapshot().value).toBe('stopping');
    q.fake.finish('a');
    expect(q.started()).toEqual(['a']);
    expect(q.actor.getSnapshot().value).toBe('stopped');
    expect(q.actor.getSnapshot().status).toBe('done');
    expect(selectLive(q.actor.getSnapshot())).toEqual([]);
  });

  it('stops at the end of the grace period, stopping the runs still alive, which it names', () => {
    const q = startQueue(2);
    q.actor.send({ type: 'STOP', graceMs: 30_000 });
    q.clock.increment(29_999);
    expect(q.actor.getSnapshot().value).toBe('stopping');
    q.clock.increment(1);
    expect(q.actor.getSnapshot().value).toBe('stopped');
    expect(selectLive(q.actor.getSnapshot()).map((e) => e.id)).toEqual(['a', 'b']);
    // The queue's final state stops its jobs, and so their transcode runs (ffmpeg killed, temp removed).
    expect(q.fake.runs.map((r) => r.cleanedUp)).toEqual([true, true]);
    expect(q.started()).toEqual(['a', 'b']);
  });

  it('stops at once when nothing runs, also from a paused queue', () => {
    const q = startQueue();
    q.actor.send({ type: 'PAUSE' });
    q.fake.finish('a');
    q.actor.send({ type: 'STOP', graceMs: 30_000 });
    expect(q.actor.getSnapshot().value).toBe('stopped');
    expect(q.started()).toEqual(['a']);
  });
});
