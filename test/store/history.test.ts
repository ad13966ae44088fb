import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FINISHED_STATUSES, type JobRecord } from '../../machines/types.ts';
import type { Store } from '../../src/store/index.ts';
import { makeRecord, type TempStore, tempStore } from './fixtures.ts';

type Finished = 'completed' | 'failed' | 'cancelled';

/** Inserts a job and finishes it at `finishedAt` through the normal transition path. */
function finish(store: Store, record: JobRecord, status: Finished, finishedAt: number): void {
  store.insertJob(record);
  store.recordTransition(record.id, { status: 'running', startedAt: finishedAt - 5 }, { type: 'started' });
  store.recordTransition(
    record.id,
    {
      status,
      finishedAt,
      error: status === 'failed' ? { code: 'ffmpeg.failed', message: 'boom', stderrTail: [] } : null,
      result:
        status === 'completed'
          ? {
              outputPath: record.outputPath,
              outputBytes: 100,
              inputBytes: 1_000,
              durationSeconds: 10,
              encodeSeconds: 4,
              ffmpegArgs: [],
            }
          : null,
    },
    { type: status },
  );
}

const statusOf = (i: number): Finished => (['completed', 'failed', 'cancelled'] as const)[i % 3];

describe('history', () => {
  let t: TempStore;
  beforeEach(() => {
    // normal: 360 transitions on a throwaway file; durability is not what these tests are about.
    t = tempStore({ synchronous: 'normal' });
    for (let i = 0; i < 120; i++) {
      const id = `h${String(i).padStart(3, '0')}`;
      // Three jobs share each finish time, so paging must break ties by id.
      const name = i % 10 === 0 ? `Show-Opener ${id}` : `cue ${id}`;
      finish(
        t.store,
        makeRecord(id, {
          source: { path: `/watch/in/${name}.mov`, size: i, mtimeMs: i },
          outputPath: `/watch/out/${id}.mp4`,
        }),
        statusOf(i),
        100_000 + Math.floor(i / 3) * 1_000,
      );
    }
    t.store.insertJob(makeRecord('active-pending'));
    t.store.insertJob(makeRecord('active-running'));
    t.store.recordTransition('active-running', { status: 'running' }, { type: 'started' });
  });
  afterEach(() => t.cleanup());

  it('pages through 120 finished jobs newest first with a cursor, each exactly once', () => {
    const seen: JobRecord[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = t.store.listHistory({ limit: 25, cursor });
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages++;
      if (cursor) expect(page.items).toHaveLength(25);
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(120);
    expect(new Set(seen.map((j) => j.id)).size).toBe(120);
    expect(seen.every((j) => FINISHED_STATUSES.includes(j.status))).toBe(true);
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1], seen[i]];
      expect(a.finishedAt! > b.finishedAt! || (a.finishedAt === b.finishedAt && a.id > b.id)).toBe(true);
    }
    expect(seen[0].id).toBe('h119');
  });

  it('uses 50 by default and caps the page size at 500', () => {
    expect(t.store.listHistory().items).toHaveLength(50);
    expect(t.store.listHistory({ limit: 10_000 }).items).toHaveLength(120);
    expect(t.store.listHistory({ limit: 10_000 }).nextCursor).toBeNull();
    expect(t.store.listHistory({ limit: 0 }).items).toHaveLength(1);
  });

  it('filters by status and never shows active jobs', () => {
    const failed = t.store.listHistory({ status: ['failed'], limit: 500 }).items;
    expect(failed).toHaveLength(40);
    expect(failed.every((j) => j.status === 'failed' && j.error?.code === 'ffmpeg.failed')).toBe(true);
    expect(t.store.listHistory({ status: ['completed', 'cancelled'], limit: 500 }).items).toHaveLength(80);
    expect(t.store.listHistory({ status: ['pending', 'running'] })).toEqual({ items: [], nextCursor: null });
  });

  it('finds a case-insensitive substring of the source or output path, and pages within it', () => {
    const opener = t.store.listHistory({ q: 'show-OPENER', limit: 5 });
    expect(opener.items.map((j) => j.id)).toEqual(['h110', 'h100', 'h090', 'h080', 'h070']);
    const rest = t.store.listHistory({ q: 'show-OPENER', limit: 5, cursor: opener.nextCursor! });
    expect(rest.items.map((j) => j.id)).toEqual(['h060', 'h050', 'h040', 'h030', 'h020']);
    expect(t.store.listHistory({ q: '/out/h007.MP4' }).items.map((j) => j.id)).toEqual(['h007']);
    expect(t.store.listHistory({ q: 'h00', status: ['completed'] }).items.map((j) => j.id)).toEqual([
      'h009',
      'h006',
      'h003',
      'h000',
    ]);
    expect(t.store.listHistory({ q: '%' }).items).toEqual([]);
  });

  it('matches non-ASCII paths regardless of case', () => {
    const record = makeRecord('uni', {
      source: { path: '/watch/in/ÉCLAIR Ünïcode.mov', size: 1, mtimeMs: 1 },
    });
    finish(t.store, record, 'completed', 500_000);
    expect(t.store.listHistory({ q: 'éclair ünï' }).items.map((j) => j.id)).toEqual(['uni']);
  });

  it('pages only before a time when asked', () => {
    const page = t.store.listHistory({ before: 101_000, limit: 500 });
    expect(page.items.map((j) => j.id)).toEqual(['h002', 'h001', 'h000']);
  });

  it('rejects a mangled cursor as a caller error', () => {
    expect(() => t.store.listHistory({ cursor: 'not-a-cursor' })).toThrowError(
      expect.objectContaining({ code: 'usage' }),
    );
  });

  it('deletes finished jobs and their timelines but never active ones', () => {
    expect(t.store.deleteHistory({ status: ['pending', 'running', 'paused'] })).toBe(0);
    expect(t.store.deleteHistory({ status: ['cancelled'], before: 110_000 })).toBe(10);
    expect(t.store.getJob('h002')).toBeNull();
    expect(t.store.getTimeline('h002')).toEqual([]);
    expect(t.store.getJob('h029')).toBeNull();
    expect(t.store.getJob('h032')?.status).toBe('cancelled');
    expect(t.store.deleteHistory()).toBe(110);
    expect(t.store.listHistory()).toEqual({ items: [], nextCursor: null });
    expect(t.store.listActive().map((j) => j.id)).toEqual(['active-pending', 'active-running']);
    expect(t.store.getTimeline('active-running').map((e) => e.type)).toEqual(['created', 'started']);
    // The files stay remembered: clearing history must not make the watcher queue them again.
    expect(t.store.isQueuedOrDone({ path: '/watch/in/cue h001.mov', size: 1, mtimeMs: 1 })).toBe(true);
  });

  it('computes stats per status and profile with bytes, encode time and realtime factor', () => {
    const all = t.store.stats();
    expect(all.byStatus).toEqual({
      pending: 1,
      running: 1,
      paused: 0,
      completed: 40,
      failed: 40,
      cancelled: 40,
    });
    expect(all.completed).toEqual({
      count: 40,
      bytesIn: 40_000,
      bytesOut: 4_000,
      encodeSeconds: 160,
      mediaSeconds: 400,
      realtimeFactor: 2.5,
    });
    expect(all.byProfile).toEqual([
      {
        profile: 'live-h264',
        completed: 40,
        failed: 40,
        cancelled: 40,
        bytesIn: 40_000,
        bytesOut: 4_000,
        encodeSeconds: 160,
      },
    ]);
    const recent = t.store.stats({ since: 139_000 });
    expect(recent.since).toBe(139_000);
    expect(recent.byStatus).toMatchObject({ pending: 1, completed: 1, failed: 1, cancelled: 1 });
    expect(t.store.stats({ since: 1e12 }).completed.realtimeFactor).toBeNull();
  });
});
