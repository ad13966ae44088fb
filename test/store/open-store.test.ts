import { existsSync } from 'node:fs';
import Database from 'libsql';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../machines/types.ts';
import { BvpError } from '../../src/errors.ts';
import { latestVersion, openStore } from '../../src/store/index.ts';
import { makeRecord, manualClock, type TempStore, tempStore } from './fixtures.ts';

/** Reads one pragma through a second, independent connection: what is really on disk. */
function pragmaOnDisk(file: string, name: string): unknown {
  const db = new Database(file);
  try {
    const row = db.prepare(`PRAGMA ${name}`).all()[0] as Record<string, unknown>;
    return Object.values(row)[0];
  } finally {
    db.close();
  }
}

const full: JobRecord = makeRecord('rt-1', {
  source: {
    path: '/watch/in/Ünïcode cue 01.mov',
    size: 123_456_789_012,
    mtimeMs: 1_700_000_000_123.75,
    hash: 'ab12',
  },
  outputPath: '/watch/out/Ünïcode cue 01.mp4',
  outputRoot: '/watch/out',
  overrides: {
    preset: 'fast',
    keyframeSeconds: 2,
    resolution: { width: 1280, height: 720 },
    audioSampleRate: 44100,
  },
  priority: 7,
  sourceAction: { kind: 'move', folder: '/watch/done' },
  collision: 'fail',
  verify: false,
  origin: 'api',
  createdAt: 1_234,
  status: 'failed',
  attempts: 2,
  progress: { percent: 42.5, fps: 59.94, speed: 1.7, etaSeconds: 12, outTimeSeconds: 8.25 },
  error: { code: 'ffmpeg.failed', message: 'exit 1', stderrTail: ['line "1"', 'line\n2'] },
  result: {
    outputPath: '/watch/out/Ünïcode cue 01 (1).mp4',
    outputBytes: 999,
    inputBytes: 123_456_789_012,
    durationSeconds: null,
    encodeSeconds: 3.5,
    ffmpegArgs: ['-i', 'in.mov', '-c:v', 'libx264'],
  },
  startedAt: 1_300,
  finishedAt: 1_400,
  updatedAt: 1_401,
  retryAt: null,
});

describe('openStore', () => {
  let t: TempStore;
  afterEach(() => t.cleanup());

  it('creates the data folder and opens the file in WAL mode with foreign keys on', () => {
    t = tempStore();
    expect(existsSync(t.file)).toBe(true);
    expect(pragmaOnDisk(t.file, 'journal_mode')).toBe('wal');
    expect(t.store.schemaVersion).toBe(latestVersion());
    expect(pragmaOnDisk(t.file, 'user_version')).toBe(latestVersion());
  });

  it('round-trips a job record with every field and JSON column', () => {
    t = tempStore();
    t.store.insertJob(full);
    expect(t.store.getJob('rt-1')).toEqual(full);
    expect(t.store.getJob('nope')).toBeNull();
  });

  it('keeps jobs, timelines and seen identities across close and reopen', () => {
    const clock = manualClock(5_000);
    t = tempStore({ now: clock.now });
    t.store.insertJob(makeRecord('a'), { data: { via: 'test' } });
    clock.tick();
    t.store.recordTransition('a', { status: 'running' }, { type: 'started', data: { attempt: 1 } });
    t.store.recordTransition(
      'a',
      { tempPath: '/watch/out/.a.tmp.mp4', ffmpegArgs: ['-y'] },
      { type: 'progress' },
    );
    t.store.insertJob(full);
    const before = {
      a: t.store.getJob('a'),
      full: t.store.getJob('rt-1'),
      timeline: t.store.getTimeline('a'),
    };

    const store = t.reopen();
    expect(store.getJob('a')).toEqual(before.a);
    expect(store.getJob('rt-1')).toEqual(before.full);
    expect(store.getTimeline('a')).toEqual(before.timeline);
    expect(store.getTimeline('a').map((e) => e.type)).toEqual(['created', 'started', 'progress']);
    expect(store.getTimeline('a')[0].data).toEqual({ via: 'test' });
    expect(store.getJobExtras('a')).toEqual({
      tempPath: '/watch/out/.a.tmp.mp4',
      ffmpegArgs: ['-y'],
      queueOrder: 1,
    });
    expect(store.isQueuedOrDone(makeRecord('a').source)).toBe(true);
    expect(store.listActive().map((j) => j.id)).toEqual(['a']);
  });

  it('lets a second connection (the CLI beside the service) read and write the same file', () => {
    t = tempStore();
    t.store.insertJob(makeRecord('a'));
    const cli = openStore(t.file);
    try {
      expect(cli.listActive().map((j) => j.id)).toEqual(['a']);
      cli.recordTransition('a', { status: 'paused' }, { type: 'paused', data: { by: 'cli' } });
      expect(t.store.getJob('a')?.status).toBe('paused');
    } finally {
      cli.close();
    }
  });

  it('refuses a store written by a newer schema with a clear store.io error', () => {
    t = tempStore();
    t.store.close();
    const db = new Database(t.file);
    db.exec(`PRAGMA user_version = ${latestVersion() + 5}`);
    db.close();
    let error: unknown;
    try {
      openStore(t.file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BvpError);
    expect((error as BvpError).code).toBe('store.io');
    expect((error as BvpError).message).toMatch(/newer than this Bulletproof knows/);
    t.store = openStore(':memory:');
  });

  it('reports a file that is not a database as store.io', async () => {
    t = tempStore();
    t.store.close();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      t.file,
      'this is not sqlite, just some bytes that are long enough to be a header '.repeat(20),
    );
    for (const suffix of ['-wal', '-shm']) writeFileSync(t.file + suffix, '');
    expect(() => openStore(t.file)).toThrowError(expect.objectContaining({ code: 'store.io' }));
    t.store = openStore(':memory:');
  });

  it('fails with store.io once closed', () => {
    t = tempStore();
    t.store.close();
    expect(() => t.store.listActive()).toThrowError(expect.objectContaining({ code: 'store.io' }));
    t.store.close();
  });

  it('works in memory for callers that want no file', () => {
    t = tempStore();
    const mem = openStore(':memory:');
    mem.insertJob(makeRecord('m'));
    expect(mem.getJob('m')?.id).toBe('m');
    mem.close();
  });
});
