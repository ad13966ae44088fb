import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../machines/types.ts';
import { makeRecord, manualClock, type TempStore, tempStore } from './fixtures.ts';

const half: JobProgress = { percent: 50, fps: 25, speed: 1, etaSeconds: 5, outTimeSeconds: 5 };
const removeFile = (file: string): void => rmSync(file);

describe('boot recovery', () => {
  let t: TempStore;
  const clock = manualClock();
  beforeEach(() => {
    clock.set(10_000);
    t = tempStore({ now: clock.now });
  });
  afterEach(() => t.cleanup());

  /** A job that was running with a half-written temp file when the process died. */
  function crashedWhileRunning(id: string, attempts = 0): string {
    const temp = path.join(t.dir, `.${id}.bvp-tmp.mp4`);
    writeFileSync(temp, 'half an encode');
    t.store.insertJob(makeRecord(id, { attempts }));
    t.store.recordTransition(id, { status: 'running', tempPath: temp }, { type: 'started' });
    t.store.updateProgress(id, half);
    return temp;
  }

  it('puts a running job back to pending with an interrupted event and removes its temp file', () => {
    const temp = crashedWhileRunning('r1');
    const store = t.reopen({ now: clock.now });
    const report = store.recover({ maxAttempts: 3, now: 50_000, removeFile });

    expect(existsSync(temp)).toBe(false);
    expect(report.tempFiles).toEqual([{ jobId: 'r1', path: temp, removed: true }]);
    expect(report.interrupted.map((j) => j.id)).toEqual(['r1']);
    expect(report.failedAfterInterrupt).toEqual([]);
    expect(report.restored.map((j) => j.id)).toEqual(['r1']);
    const job = store.getJob('r1');
    expect(job).toMatchObject({
      status: 'pending',
      attempts: 1,
      progress: null,
      startedAt: null,
      updatedAt: 50_000,
    });
    expect(report.interrupted[0]).toEqual(job);
    expect(store.getJobExtras('r1')?.tempPath).toBeNull();
    expect(store.getTimeline('r1').at(-1)).toEqual({
      id: expect.any(Number),
      jobId: 'r1',
      at: 50_000,
      type: 'interrupted',
      data: { attempts: 1, maxAttempts: 3, tempPath: temp, percent: 50 },
    });
    // A second boot finds nothing left to interrupt.
    expect(store.recover({ maxAttempts: 3, now: 60_000, removeFile }).interrupted).toEqual([]);
  });

  it('fails a job interrupted during its last allowed attempt, keeping that attempt count', () => {
    crashedWhileRunning('r1', 3);
    const report = t.store.recover({ maxAttempts: 3, now: 50_000, removeFile });
    expect(report.interrupted).toEqual([]);
    expect(report.restored).toEqual([]);
    expect(report.failedAfterInterrupt.map((j) => j.id)).toEqual(['r1']);
    const job = t.store.getJob('r1')!;
    expect(job).toMatchObject({ status: 'failed', attempts: 3, finishedAt: 50_000 });
    expect(job.error?.code).toBe('job.interrupted');
    expect(job.error?.message).toMatch(/interrupted/);
    expect(t.store.getTimeline('r1').map((e) => e.type)).toEqual([
      'created',
      'started',
      'interrupted',
      'failed',
    ]);
    expect(t.store.getSeen(job.source)?.outcome).toBe('failed');
    expect(t.store.listHistory({ status: ['failed'] }).items.map((j) => j.id)).toEqual(['r1']);
  });

  it('defaults to three attempts', () => {
    crashedWhileRunning('r1', 2);
    expect(t.store.recover({ now: 50_000, removeFile }).failedAfterInterrupt).toHaveLength(0);
    crashedWhileRunning('r2', 3);
    expect(t.store.recover({ now: 60_000, removeFile }).failedAfterInterrupt).toHaveLength(1);
  });

  it('brings pending and paused jobs back as they were, in dispatch order', () => {
    t.store.insertJob(makeRecord('p1'));
    t.store.insertJob(makeRecord('p2', { priority: 3 }));
    t.store.recordTransition('p2', { status: 'paused' }, { type: 'paused' });
    t.store.insertJob(makeRecord('done'));
    t.store.recordTransition('done', { status: 'completed' }, { type: 'completed' });
    const before = { p1: t.store.getJob('p1'), p2: t.store.getJob('p2') };
    const report = t.reopen({ now: clock.now }).recover({ maxAttempts: 3, now: 50_000, removeFile });
    expect(report.restored).toEqual([before.p2, before.p1]);
    expect(report.interrupted).toEqual([]);
    expect(report.tempFiles).toEqual([]);
    expect(t.store.getTimeline('p1').map((e) => e.type)).toEqual(['created']);
  });

  it('removes the temp file of a job paused mid-encode but keeps it paused', () => {
    const temp = crashedWhileRunning('r1');
    t.store.recordTransition('r1', { status: 'paused' }, { type: 'paused' });
    const report = t.store.recover({ maxAttempts: 3, now: 50_000, removeFile });
    expect(existsSync(temp)).toBe(false);
    expect(report.restored.map((j) => [j.id, j.status, j.attempts, j.progress])).toEqual([
      ['r1', 'paused', 0, null],
    ]);
    expect(t.store.getJobExtras('r1')?.tempPath).toBeNull();
  });

  it('treats a temp file that is already gone as removed, and survives one it cannot remove', () => {
    const gone = crashedWhileRunning('r1');
    rmSync(gone);
    crashedWhileRunning('r2');
    const report = t.store.recover({
      maxAttempts: 3,
      now: 50_000,
      removeFile: (file) => {
        if (file.includes('r2'))
          throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        removeFile(file);
      },
    });
    expect(report.tempFiles).toEqual([
      { jobId: 'r1', path: gone, removed: false },
      {
        jobId: 'r2',
        path: expect.stringContaining('r2'),
        removed: false,
        error: 'EACCES: permission denied',
      },
    ]);
    expect(report.interrupted.map((j) => j.id)).toEqual(['r1', 'r2']);
  });

  it('keeps the whole recovery in one transaction', () => {
    crashedWhileRunning('r1');
    crashedWhileRunning('r2');
    // Sabotage through a second connection: r2's update fails after r1 has already been rewritten.
    const db = new Database(t.file);
    db.exec(`CREATE TRIGGER sabotage BEFORE UPDATE ON jobs WHEN NEW.id = 'r2' AND NEW.status = 'pending'
             BEGIN SELECT RAISE(ABORT, 'sabotage'); END`);
    expect(() => t.store.recover({ maxAttempts: 3, now: 50_000, removeFile })).toThrowError(
      expect.objectContaining({ code: 'store.io' }),
    );
    expect(t.store.listActive().map((j) => [j.id, j.status, j.attempts])).toEqual([
      ['r1', 'running', 0],
      ['r2', 'running', 0],
    ]);
    expect(t.store.getTimeline('r1').map((e) => e.type)).toEqual(['created', 'started']);

    db.exec('DROP TRIGGER sabotage');
    db.close();
    const report = t.store.recover({ maxAttempts: 3, now: 60_000, removeFile });
    expect(report.interrupted.map((j) => [j.id, j.attempts])).toEqual([
      ['r1', 1],
      ['r2', 1],
    ]);
  });
});
