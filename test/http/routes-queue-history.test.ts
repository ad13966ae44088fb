import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryPage, JobView, QueueView, StatsView, StatusView } from '../../src/service/types.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

let h: Harness;
let clip: string;
let n = 0;

async function submit(name = `q-${++n}.mov`): Promise<JobView> {
  const file = path.join(h.watchDir, name);
  await copyFile(clip, file);
  const res = await h.call('POST', '/api/v1/jobs', { source: file, profile: 'live-qlab' });
  expect(res.status).toBe(201);
  return (await res.json()) as JobView;
}

const json = async <T>(res: Response | Promise<Response>): Promise<T> => (await (await res).json()) as T;

beforeAll(async () => {
  h = await createHarness();
  clip = await h.clip('master.mov', { seconds: 1 });
  await h.call('POST', '/api/v1/queue/pause');
});
afterAll(() => h.close());

describe('queue routes', () => {
  it('pause and resume change the queue state and answer with the status', async () => {
    const paused = await json<StatusView>(h.call('POST', '/api/v1/queue/pause'));
    expect(paused.state).toBe('paused');
    expect((await json<QueueView>(h.call('GET', '/api/v1/queue'))).state).toBe('paused');
    const resumed = await json<StatusView>(h.call('POST', '/api/v1/queue/resume'));
    expect(resumed.state).toBe('running');
    await h.call('POST', '/api/v1/queue/pause');
  });

  it('PUT /queue/concurrency sets it; 422 for 0 or a string', async () => {
    const status = await json<StatusView>(h.call('PUT', '/api/v1/queue/concurrency', { value: 3 }));
    expect(status.concurrency).toBe(3);
    expect((await h.call('PUT', '/api/v1/queue/concurrency', { value: 0 })).status).toBe(422);
    expect((await h.call('PUT', '/api/v1/queue/concurrency', { value: '2' })).status).toBe(422);
    await h.call('PUT', '/api/v1/queue/concurrency', { value: 1 });
  });

  it('GET /queue lists active jobs in dispatch order with counts; clear cancels the pending ones', async () => {
    const a = await submit();
    const b = await submit();
    const queue = await json<QueueView>(h.call('GET', '/api/v1/queue'));
    expect(queue.jobs.map((j) => j.id)).toEqual([a.id, b.id]);
    expect(queue.counts.pending).toBe(2);
    const cleared = await json<{ cancelled: number }>(h.call('POST', '/api/v1/queue/clear'));
    expect(cleared.cancelled).toBe(2);
    expect((await json<QueueView>(h.call('GET', '/api/v1/queue'))).jobs).toEqual([]);
    expect((await json<JobView>(h.call('GET', `/api/v1/jobs/${a.id}`))).status).toBe('cancelled');
  });

  it('GET /status and GET /stats answer with their views', async () => {
    const status = await json<StatusView>(h.call('GET', '/api/v1/status'));
    expect(status).toMatchObject({ state: 'paused', concurrency: 1 });
    expect(status.counts.cancelled).toBeGreaterThanOrEqual(2);
    const stats = await json<StatsView>(h.call('GET', '/api/v1/stats'));
    expect(stats.perStatus.cancelled).toBeGreaterThanOrEqual(2);
    expect(Date.now() - stats.since).toBeGreaterThanOrEqual(86_000_000);
    expect((await h.call('GET', '/api/v1/stats?since=yesterday')).status).toBe(422);
  });
});

describe('history routes', () => {
  let cancelled: JobView[];

  beforeAll(async () => {
    await h.call('DELETE', '/api/v1/history');
    cancelled = [];
    for (let i = 0; i < 3; i++) {
      const job = await submit(`hist-${i}.mov`);
      await h.call('POST', `/api/v1/jobs/${job.id}/cancel`);
      cancelled.push(job);
    }
  });

  it('pages newest first with a cursor and filters by status and text', async () => {
    const first = await json<HistoryPage>(h.call('GET', '/api/v1/history?status=cancelled&limit=2'));
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const next = await json<HistoryPage>(
      h.call(
        'GET',
        `/api/v1/history?status=cancelled&limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`,
      ),
    );
    const ids = [...first.items, ...next.items].map((j) => j.id);
    expect(new Set(ids)).toEqual(new Set(cancelled.map((j) => j.id)));
    const found = await json<HistoryPage>(h.call('GET', '/api/v1/history?q=hist-1'));
    expect(found.items.map((j) => j.id)).toEqual([cancelled[1].id]);
    const none = await json<HistoryPage>(h.call('GET', '/api/v1/history?status=failed'));
    expect(none.items).toEqual([]);
  });

  it('answers 422 for an unknown status or a limit out of range', async () => {
    for (const query of ['status=done', 'limit=0', 'limit=501', 'limit=ten', 'before=someday']) {
      const res = await h.call('GET', `/api/v1/history?${query}`);
      expect(res.status, query).toBe(422);
      const body = (await res.json()) as { error: { code: string; details: { issues: { path: string }[] } } };
      expect(body.error.code).toBe('request.invalid');
      expect(body.error.details.issues[0].path.startsWith(query.split('=')[0])).toBe(true);
    }
  });

  it('POST /history/retry?status= retries every match; status is required and must be finished', async () => {
    expect((await h.call('POST', '/api/v1/history/retry')).status).toBe(422);
    expect((await h.call('POST', '/api/v1/history/retry?status=pending')).status).toBe(422);
    const res = await json<{ retried: string[]; count: number }>(
      h.call('POST', '/api/v1/history/retry?status=cancelled'),
    );
    expect(new Set(res.retried)).toEqual(new Set(cancelled.map((j) => j.id)));
    const queue = await json<QueueView>(h.call('GET', '/api/v1/queue'));
    expect(queue.jobs.map((j) => j.id).sort()).toEqual(cancelled.map((j) => j.id).sort());
    await h.call('POST', '/api/v1/queue/clear');
  });

  it('DELETE /history removes finished jobs by status and age, never active ones', async () => {
    const active = await submit();
    expect((await h.call('DELETE', '/api/v1/history?before=not-a-date')).status).toBe(422);
    const none = await json<{ deleted: number }>(h.call('DELETE', '/api/v1/history?before=2000-01-01'));
    expect(none.deleted).toBe(0);
    const res = await json<{ deleted: number }>(h.call('DELETE', '/api/v1/history?status=cancelled'));
    expect(res.deleted).toBeGreaterThanOrEqual(3);
    expect((await json<HistoryPage>(h.call('GET', '/api/v1/history'))).items).toEqual([]);
    expect((await h.call('GET', `/api/v1/jobs/${cancelled[0].id}`)).status).toBe(404);
    expect((await json<JobView>(h.call('GET', `/api/v1/jobs/${active.id}`))).status).toBe('pending');
  });
});
