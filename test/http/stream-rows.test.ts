import { copyFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpServerHandle } from '../../src/http/server-options.ts';
import { QUEUE_ROW_COLUMNS, type QueueRowsView } from '../../src/service/queue-rows.ts';
import type { JobView, QueueView } from '../../src/service/types.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { connectStream, streamUrl, upgradeStatus } from './helpers/ws-client.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(): Promise<{ h: Harness; server: HttpServerHandle }> {
  const h = await createHarness();
  cleanups.push(() => h.close());
  return { h, server: await h.listen() };
}

async function call(
  server: HttpServerHandle,
  method: string,
  url: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${server.url}${url}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('WebSocket /api/v1/stream?snapshot=rows', () => {
  it('sends the queue as rows under named columns, in the order GET /queue lists the jobs', async () => {
    const { h, server } = await serve();
    await call(server, 'POST', '/api/v1/queue/pause');
    const clip = await h.clip('cue 1.mov', { seconds: 1 });
    const jobs: JobView[] = [];
    for (const name of ['cue 1.mov', 'cue 2.mov', 'cue 3.mov']) {
      const source = h.dir.join('watch', `x-${name}`);
      await copyFile(clip, source);
      const res = await call(server, 'POST', '/api/v1/jobs', { source, profile: 'live-qlab' });
      jobs.push((await res.json()) as JobView);
    }
    await call(server, 'POST', `/api/v1/jobs/${jobs[2]!.id}/move`, { to: 'top' });
    await call(server, 'PATCH', `/api/v1/jobs/${jobs[1]!.id}`, { priority: 5 });

    const c = await connectStream(server.url, { query: '?snapshot=rows' });
    cleanups.push(() => c.close());
    const snapshot = await c.waitFor((m) => m.type === 'snapshot');
    const data = snapshot.data as { queue: QueueRowsView; history: JobView[] };
    expect(data.queue.columns).toEqual([...QUEUE_ROW_COLUMNS]);
    expect(data.queue.state).toBe('paused');
    const listed = (await (await call(server, 'GET', '/api/v1/queue')).json()) as QueueView;
    const rows = data.queue.rows.map((r) =>
      Object.fromEntries(data.queue.columns.map((name, i) => [name, r[i]])),
    );
    expect(rows.map((r) => r.id)).toEqual(listed.jobs.map((j) => j.id));
    expect(rows.map((r) => r.id)).toEqual([jobs[1]!.id, jobs[2]!.id, jobs[0]!.id]);
    expect(rows[0]).toMatchObject({ status: 'pending', priority: 5, live: false, profile: 'live-qlab' });
    expect(rows[0]!.path).toBe(jobs[1]!.source.path);
    // Moved to the top of priority 0: its order key sorts before the job that was first.
    expect(rows[1]!.order as number).toBeLessThan(rows[2]!.order as number);
    // A full job view is much larger than its row: the result, error and timestamps stay out.
    expect(JSON.stringify(data.queue.rows[0]).length).toBeLessThan(JSON.stringify(listed.jobs[0]).length / 2);

    // A resync on this socket answers with rows again.
    c.send({ type: 'resync' });
    const fresh = await c.waitFor((m) => m.type === 'snapshot' && m !== snapshot);
    expect((fresh.data as { queue: QueueRowsView }).queue.rows).toHaveLength(3);
  });

  it('refuses an unknown snapshot form before the upgrade, naming the parameter and the value', async () => {
    const { server } = await serve();
    expect(await upgradeStatus(server.url, { query: '?snapshot=tiny' })).toBe(422);
    const res = await fetch(streamUrl(server.url, '?snapshot=tiny').replace(/^ws/, 'http'));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; message: string; details: unknown } };
    expect(body.error.code).toBe('request.invalid');
    expect(body.error.message).toContain('snapshot');
    expect(body.error.message).toContain('"tiny"');
    expect(body.error.details).toEqual({ field: 'snapshot', value: 'tiny' });
    // The default stays the full job views.
    const c = await connectStream(server.url, { query: '?snapshot=full' });
    cleanups.push(() => c.close());
    const snapshot = await c.waitFor((m) => m.type === 'snapshot');
    expect((snapshot.data as { queue: QueueView }).queue.jobs).toEqual([]);
  });
});
