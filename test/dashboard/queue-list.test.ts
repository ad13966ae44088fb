import { describe, expect, it } from 'vitest';
import { createQueueList, decodeRows, queueJobOf } from '../../src/dashboard/client/queue-list.ts';
import type { QueueJob } from '../../src/dashboard/client/types.ts';
import { QUEUE_ROW_COLUMNS, type QueueRow } from '../../src/service/queue-rows.ts';
import type { JobView } from '../../src/service/types.ts';

const row = (id: string, order: number, extra: Partial<QueueJob> = {}): QueueRow => {
  const job: QueueJob = {
    id,
    status: 'pending',
    phase: null,
    path: `/in/${id}.mov`,
    profile: 'live-qlab',
    priority: 0,
    order,
    live: false,
    attempts: 0,
    startedAt: null,
    progress: null,
    ...extra,
  };
  return QUEUE_ROW_COLUMNS.map((c) => job[c]) as QueueRow;
};

const view = (id: string, extra: Partial<JobView> = {}): JobView => ({
  id,
  status: 'pending',
  phase: null,
  source: { path: `/in/${id}.mov`, size: 1, mtimeMs: 1 },
  outputPath: `/out/${id}.mov`,
  profile: 'live-qlab',
  priority: 0,
  attempts: 0,
  progress: null,
  error: null,
  result: null,
  origin: 'test',
  createdAt: 1,
  startedAt: null,
  finishedAt: null,
  updatedAt: 1,
  retryAt: null,
  ...extra,
});

function loaded(rows: QueueRow[]) {
  const list = createQueueList();
  list.load({ columns: QUEUE_ROW_COLUMNS, rows });
  return list;
}

describe('the dashboard queue list', () => {
  it('reads rows by column name, whatever order the columns come in', () => {
    const [job] = decodeRows({
      columns: ['path', 'id', 'status', 'extra'] as never,
      rows: [['/in/a.mov', 'a', 'paused', 1]] as never,
    });
    expect(job).toMatchObject({ id: 'a', path: '/in/a.mov', status: 'paused', priority: 0, order: 0 });
  });

  it('places a queued job by priority, then order, and a moved one where its new order puts it', () => {
    const list = loaded([
      row('r', 0, { status: 'running', live: true }),
      row('a', 1),
      row('b', 2),
      row('c', 3),
    ]);
    list.put(queueJobOf(view('d'), undefined, 4));
    expect(list.order.value).toEqual(['r', 'a', 'b', 'c', 'd']);
    list.put(queueJobOf(view('e', { priority: 3 }), undefined, 5));
    expect(list.order.value).toEqual(['r', 'e', 'a', 'b', 'c', 'd']);
    // Move d to the top of priority 0 (order below a's), then c between a and b.
    list.patch('d', { order: 0.5 });
    list.patch('c', { order: 1.5 });
    expect(list.order.value).toEqual(['r', 'e', 'd', 'a', 'c', 'b']);
    list.patch('b', { priority: 9 });
    expect(list.order.value).toEqual(['r', 'b', 'e', 'd', 'a', 'c']);
  });

  it('puts a started job after the running ones and keeps the list as it is for progress', () => {
    const list = loaded([row('r', 0, { status: 'running', live: true }), row('a', 1), row('b', 2)]);
    const before = list.order.value;
    list.patch('r', { progress: { percent: 5, fps: 30, speed: 1, etaSeconds: 9, outTimeSeconds: 1 } });
    expect(list.order.value).toBe(before);
    list.put(queueJobOf(view('b', { status: 'running', startedAt: 5 }), list.jobs.get('b')!.value));
    expect(list.order.value).toEqual(['r', 'b', 'a']);
    expect(list.running.value.map((j) => j.id)).toEqual(['r', 'b']);
    // Paused while running: still live, still first. Paused while waiting: held in its place.
    list.put(queueJobOf(view('b', { status: 'paused', startedAt: 5 }), list.jobs.get('b')!.value));
    list.put(queueJobOf(view('a', { status: 'paused' }), list.jobs.get('a')!.value));
    expect(list.order.value).toEqual(['r', 'b', 'a']);
    expect(list.jobs.get('b')!.value.live).toBe(true);
    expect(list.jobs.get('a')!.value.live).toBe(false);
  });

  it('counts pending jobs as they change and drops cleared ones', () => {
    const list = loaded([
      row('r', 0, { status: 'running', live: true }),
      row('a', 1),
      row('b', 2),
      row('c', 3),
    ]);
    expect(list.pending.value).toBe(3);
    list.put(queueJobOf(view('a', { status: 'paused' }), list.jobs.get('a')!.value));
    expect(list.pending.value).toBe(2);
    expect(list.remove(['b', 'c', 'unknown'])).toBe(2);
    expect(list.pending.value).toBe(0);
    expect(list.order.value).toEqual(['r', 'a']);
    expect(list.jobs.has('b')).toBe(false);
  });

  it('replaces everything with a new snapshot', () => {
    const list = loaded([row('a', 1), row('b', 2)]);
    list.load({ columns: QUEUE_ROW_COLUMNS, rows: [row('c', 1)] });
    expect(list.order.value).toEqual(['c']);
    expect([...list.jobs.keys()]).toEqual(['c']);
    expect(list.pending.value).toBe(1);
  });
});
