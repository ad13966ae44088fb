import { describe, expect, it } from 'vitest';
import { createActor, type Snapshot } from 'xstate';
import { createJobMachine, type JobReport, jobRecordOf, jobStatusOf } from '../../machines/job.ts';
import { createQueueMachine } from '../../machines/queue.ts';
// Written by the job machine of before this change (clock and status in the context): `getPersistedSnapshot()` of a
// pending, a held (restored paused, attempt 2) and a waiting job (retry at 61 000 after a full disk), as JSON.
import before from './fixtures/job-snapshots-context-status.json' with { type: 'json' };
import { fakeTranscode, makeSpec } from './fixtures.ts';

/** Every path in `value` that holds a function, or a key named like a clock. */
function oddFields(value: unknown, path = '$'): string[] {
  if (typeof value === 'function') return [path];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => [
    ...(key === 'now' || key === 'clock' ? [`${path}.${key}`] : []),
    ...oddFields(v, `${path}.${key}`),
  ]);
}

function restore(snapshot: unknown, now: () => number) {
  const fake = fakeTranscode();
  const logic = createJobMachine(now).provide({ actors: { transcode: fake.logic } });
  // A restored actor starts from its snapshot alone; the input the type asks for is never read.
  const actor = createActor(logic, { snapshot: snapshot as Snapshot<unknown>, input: undefined as never });
  const reports: JobReport[] = [];
  actor.on('*', (r) => reports.push(r));
  actor.start();
  return { actor, fake, reports, record: () => jobRecordOf(actor.getSnapshot()) };
}

describe('persisted snapshots', () => {
  it('an empty queue persists as plain data: no function, no clock field, a few hundred bytes', () => {
    const actor = createActor(
      createQueueMachine(() => 1000),
      { input: {} },
    ).start();
    const persisted = actor.getPersistedSnapshot();
    expect(oddFields(persisted)).toEqual([]);
    expect(JSON.parse(JSON.stringify(persisted))).toEqual(persisted);
    expect(JSON.stringify(persisted).length).toBeLessThan(1000);
  });

  it('a job persists as plain data: no function, no clock, no copy of its status in the context', () => {
    const actor = createActor(
      createJobMachine(() => 1000),
      { input: { spec: makeSpec('a') } },
    ).start();
    const persisted = actor.getPersistedSnapshot() as Snapshot<unknown> & { context: object };
    expect(oddFields(persisted)).toEqual([]);
    expect(persisted.context).not.toHaveProperty('status');
    expect(JSON.parse(JSON.stringify(persisted))).toEqual(persisted);
  });

  it('restores snapshots written with context.status and no clock: the state says the status, the clock is the machine', () => {
    let t = 5000;
    const pending = restore(before.pending, () => t);
    const held = restore(before.held, () => t);
    const waiting = restore(before.waiting, () => t);
    expect([pending, held, waiting].map((j) => jobStatusOf(j.actor.getSnapshot()))).toEqual([
      'pending',
      'paused',
      'pending',
    ]);
    expect(held.record()).toMatchObject({ id: 'held', status: 'paused', attempts: 2, updatedAt: 1000 });
    expect(waiting.record()).toMatchObject({
      status: 'pending',
      retryAt: 61_000,
      error: { code: 'output.no_space' },
    });
    expect([...pending.reports, ...held.reports, ...waiting.reports]).toEqual([]);

    t = 7000;
    held.actor.send({ type: 'RESUME' });
    expect(held.reports).toMatchObject([{ type: 'job.status', status: 'pending', job: { updatedAt: 7000 } }]);
    pending.actor.send({ type: 'START' });
    expect(pending.fake.runOf('pending').input.attempt).toBe(1);
    expect(pending.record()).toMatchObject({ status: 'running', startedAt: 7000 });
  });

  it('restores a snapshot still holding a clock function in its context, and reads time from the machine', () => {
    const withClock = { ...before.held, context: { ...before.held.context, now: () => 999 } };
    const held = restore(withClock, () => 8000);
    held.actor.send({ type: 'CANCEL' });
    expect(held.record()).toMatchObject({ status: 'cancelled', finishedAt: 8000, updatedAt: 8000 });
  });
});
