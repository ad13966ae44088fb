import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../machines/types.ts';
import { BvpError } from '../../src/errors.ts';
import { makeRecord, manualClock, type TempStore, tempStore } from './fixtures.ts';

const progress = (percent: number): JobProgress => ({
  percent,
  fps: 25,
  speed: 2,
  etaSeconds: 10,
  outTimeSeconds: percent / 10,
});

function thrown(fn: () => unknown): BvpError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BvpError) return error;
    throw error;
  }
  throw new Error('expected a BvpError');
}

describe('job transitions', () => {
  let t: TempStore;
  const clock = manualClock(10_000);
  beforeEach(() => {
    clock.set(10_000);
    t = tempStore({ now: clock.now });
  });
  afterEach(() => t.cleanup());

  it('writes the created event and marks the identity queued with the insert', () => {
    const job = makeRecord('j1');
    t.store.insertJob(job, { data: { rule: 'masters' } });
    expect(t.store.getTimeline('j1')).toEqual([
      { id: expect.any(Number), jobId: 'j1', at: job.createdAt, type: 'created', data: { rule: 'masters' } },
    ]);
    expect(t.store.getSeen(job.source)).toMatchObject({
      outcome: 'queued',
      jobId: 'j1',
      path: job.source.path,
    });
  });

  it('updates the row and appends the event together, filling timestamps from the status', () => {
    t.store.insertJob(makeRecord('j1'));
    clock.set(11_000);
    const running = t.store.recordTransition(
      'j1',
      { status: 'running', tempPath: '/out/.j1.tmp' },
      { type: 'started' },
    );
    expect(running).toMatchObject({
      status: 'running',
      startedAt: 11_000,
      updatedAt: 11_000,
      finishedAt: null,
    });
    clock.set(12_000);
    const result = {
      outputPath: '/watch/out/j1.mp4',
      outputBytes: 10,
      inputBytes: 20,
      durationSeconds: 4,
      encodeSeconds: 2,
      ffmpegArgs: ['-i', 'x'],
    };
    const done = t.store.recordTransition(
      'j1',
      { status: 'completed', result, progress: progress(100), tempPath: null },
      { type: 'completed', data: { outputPath: result.outputPath } },
    );
    expect(done).toMatchObject({ status: 'completed', finishedAt: 12_000, startedAt: 11_000, result });
    expect(t.store.getJob('j1')).toEqual(done);
    expect(t.store.getJobExtras('j1')?.tempPath).toBeNull();
    expect(t.store.getTimeline('j1').map((e) => [e.type, e.at])).toEqual([
      ['created', 1_000],
      ['started', 11_000],
      ['completed', 12_000],
    ]);
    expect(t.store.getSeen(done.source)?.outcome).toBe('completed');
  });

  it('rolls back the event when the row update violates a constraint mid-transition', () => {
    t.store.insertJob(makeRecord('j1'));
    const rowBefore = t.store.getJob('j1');
    const eventsBefore = t.store.getTimeline('j1');
    // The event insert runs first and succeeds; the row update then fails the attempts >= 0 check.
    const error = thrown(() =>
      t.store.recordTransition(
        'j1',
        { status: 'running', attempts: -1 },
        { type: 'started', data: { x: 1 } },
      ),
    );
    expect(error.code).toBe('store.io');
    expect(error.details).toEqual({ sqlite: 'SQLITE_CONSTRAINT_CHECK' });
    expect(t.store.getJob('j1')).toEqual(rowBefore);
    expect(t.store.getTimeline('j1')).toEqual(eventsBefore);
    // The store is still usable after the rollback.
    expect(t.store.recordTransition('j1', { status: 'running' }, { type: 'started' }).status).toBe('running');
    expect(t.store.getTimeline('j1')).toHaveLength(2);
  });

  it('refuses a second active job for the same source identity, on insert and on retry', () => {
    const first = makeRecord('j1');
    t.store.insertJob(first);
    const dup = thrown(() => t.store.insertJob(makeRecord('j2', { source: first.source })));
    expect(dup.code).toBe('job.duplicate');
    expect(dup.details).toMatchObject({ jobId: 'j1' });
    expect(t.store.getJob('j2')).toBeNull();
    expect(t.store.getTimeline('j2')).toEqual([]);
    expect(t.store.getSeen(first.source)?.jobId).toBe('j1');

    // Once j1 is finished, the same file may be submitted again (e.g. by an operator)…
    t.store.recordTransition(
      'j1',
      { status: 'failed', error: { code: 'x', message: 'y', stderrTail: [] } },
      { type: 'failed' },
    );
    t.store.insertJob(makeRecord('j2', { source: first.source }));
    expect(t.store.getSeen(first.source)).toMatchObject({ outcome: 'queued', jobId: 'j2' });
    // …but then retrying j1 would make two active jobs for one file.
    const retry = thrown(() =>
      t.store.recordTransition('j1', { status: 'pending', error: null }, { type: 'retried' }),
    );
    expect(retry.code).toBe('job.duplicate');
    expect(t.store.getJob('j1')?.status).toBe('failed');
    expect(t.store.getTimeline('j1').map((e) => e.type)).toEqual(['created', 'failed']);
  });

  it('treats a changed file (size or mtime) as a new identity that may be queued beside the old one', () => {
    const first = makeRecord('j1');
    t.store.insertJob(first);
    t.store.insertJob(makeRecord('j2', { source: { ...first.source, size: first.source.size + 1 } }));
    t.store.insertJob(
      makeRecord('j3', { source: { ...first.source, mtimeMs: first.source.mtimeMs + 1_000 } }),
    );
    expect(t.store.listActive().map((j) => j.id)).toEqual(['j1', 'j2', 'j3']);
  });

  it('refuses a duplicate job id', () => {
    t.store.insertJob(makeRecord('j1'));
    const source = { path: '/other.mov', size: 1, mtimeMs: 1 };
    expect(thrown(() => t.store.insertJob(makeRecord('j1', { source }))).code).toBe('job.duplicate');
  });

  it('reports an unknown job as job.not_found', () => {
    expect(thrown(() => t.store.recordTransition('ghost', { priority: 1 }, { type: 'priority' })).code).toBe(
      'job.not_found',
    );
    expect(thrown(() => t.store.updateProgress('ghost', progress(5))).code).toBe('job.not_found');
    expect(t.store.getTimeline('ghost')).toEqual([]);
  });

  it('retry puts a finished job back in the queue and clears its finish time', () => {
    t.store.insertJob(makeRecord('j1'));
    t.store.recordTransition('j1', { status: 'running' }, { type: 'started' });
    t.store.recordTransition('j1', { status: 'cancelled' }, { type: 'cancelled' });
    expect(t.store.getSeen(makeRecord('j1').source)?.outcome).toBe('cancelled');
    const retried = t.store.recordTransition(
      'j1',
      { status: 'pending', startedAt: null, progress: null, attempts: 1 },
      { type: 'retried' },
    );
    expect(retried).toMatchObject({ status: 'pending', finishedAt: null, startedAt: null, attempts: 1 });
    expect(t.store.listActive().map((j) => j.id)).toEqual(['j1']);
    expect(t.store.getSeen(retried.source)).toMatchObject({ outcome: 'queued', jobId: 'j1' });
  });

  it('saves live progress without an event, only while running or paused', () => {
    t.store.insertJob(makeRecord('j1'));
    expect(t.store.updateProgress('j1', progress(5))).toBe(false);
    t.store.recordTransition('j1', { status: 'running' }, { type: 'started' });
    clock.set(20_000);
    expect(t.store.updateProgress('j1', progress(33))).toBe(true);
    expect(t.store.getJob('j1')).toMatchObject({ progress: progress(33), updatedAt: 20_000 });
    expect(t.store.getTimeline('j1')).toHaveLength(2);
    t.store.recordTransition(
      'j1',
      { status: 'failed', error: { code: 'a', message: 'b', stderrTail: [] } },
      { type: 'failed' },
    );
    expect(t.store.updateProgress('j1', progress(99))).toBe(false);
    expect(t.store.getJob('j1')?.progress).toEqual(progress(33));
  });

  it('lists active jobs in dispatch order: priority, then queue order, then age', () => {
    t.store.insertJob(makeRecord('low-old', { createdAt: 1 }));
    t.store.insertJob(makeRecord('high', { priority: 5, createdAt: 3 }));
    t.store.insertJob(makeRecord('low-new', { createdAt: 2 }));
    t.store.insertJob(makeRecord('done', { priority: 9 }));
    t.store.recordTransition('done', { status: 'completed' }, { type: 'completed' });
    t.store.insertJob(makeRecord('paused', { priority: 5 }));
    t.store.recordTransition('paused', { status: 'paused' }, { type: 'paused' });
    expect(t.store.listActive().map((j) => j.id)).toEqual(['high', 'paused', 'low-old', 'low-new']);

    // Raised to 5, low-new joins that priority in its original queue slot (queued before 'paused').
    t.store.recordTransition('low-new', { priority: 5 }, { type: 'priority', data: { from: 0, to: 5 } });
    expect(t.store.listActive().map((j) => j.id)).toEqual(['high', 'low-new', 'paused', 'low-old']);
  });

  it('persists a moved queue order and its event in one go, keeping unlisted jobs in place', () => {
    for (const id of ['a', 'b', 'c', 'd']) t.store.insertJob(makeRecord(id));
    t.store.reorder(['c', 'a', 'b'], { jobId: 'c', data: { toIndex: 0 } });
    expect(t.store.listActive().map((j) => j.id)).toEqual(['c', 'a', 'b', 'd']);
    expect(t.store.getTimeline('c').at(-1)).toMatchObject({ type: 'moved', data: { toIndex: 0 } });
    t.store.insertJob(makeRecord('e'));
    expect(t.store.listActive().map((j) => j.id)).toEqual(['c', 'a', 'b', 'd', 'e']);

    t.store.recordTransition('d', { status: 'completed' }, { type: 'completed' });
    expect(thrown(() => t.store.reorder(['d', 'a'])).code).toBe('job.state');
    expect(t.store.listActive().map((j) => j.id)).toEqual(['c', 'a', 'b', 'e']);
  });

  it('counts jobs by status, with every status present', () => {
    t.store.insertJob(makeRecord('a'));
    t.store.insertJob(makeRecord('b'));
    t.store.recordTransition('b', { status: 'running' }, { type: 'started' });
    expect(t.store.countByStatus()).toEqual({
      pending: 1,
      running: 1,
      paused: 0,
      completed: 0,
      failed: 0,
      cancelled: 0,
    });
  });
});
