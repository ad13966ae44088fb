import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpServerHandle } from '../../src/http/server-options.ts';
import type { JobView, QueueView, StatusView } from '../../src/service/types.ts';
import { createHarness, type Harness, type HarnessOptions } from './helpers/harness.ts';
import { connectStream, type Received, type StreamTestClient } from './helpers/ws-client.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(options: HarnessOptions = {}): Promise<{ h: Harness; server: HttpServerHandle }> {
  const h = await createHarness(options);
  cleanups.push(() => h.close());
  return { h, server: await h.listen() };
}

async function client(server: HttpServerHandle): Promise<StreamTestClient> {
  const c = await connectStream(server.url);
  cleanups.push(() => c.close());
  return c;
}

async function post(server: HttpServerHandle, url: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}${url}`, {
    method: 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function submit(server: HttpServerHandle, source: string): Promise<JobView> {
  const res = await post(server, '/api/v1/jobs', { source, profile: 'live-qlab' });
  expect(res.status).toBe(201);
  return (await res.json()) as JobView;
}

const aboutJob = (id: string) => (m: Received) =>
  (m.data as { id?: string } | null)?.id === id && m.type.startsWith('job.');
const events = (c: StreamTestClient) =>
  c.messages.filter((m) => !['snapshot', 'pong', 'error'].includes(m.type));

describe('WebSocket /api/v1/stream', () => {
  it('sends a snapshot on connect, then a real encode as queued → started → progress … → completed', async () => {
    const { h, server } = await serve();
    const clip = await h.clip('cue 1.mov', { seconds: 8, width: 320, height: 180 });
    const c = await client(server);
    const snapshot = await c.waitFor((m) => m.type === 'snapshot');
    expect(snapshot.seq).toBe(0);
    const data = snapshot.data as { status: StatusView; queue: QueueView; history: JobView[] };
    expect(data.status.state).toBe('running');
    expect(data.queue.jobs).toEqual([]);
    expect(data.history).toEqual([]);

    const job = await submit(server, clip);
    await c.waitFor((m) => m.type === 'job.completed' && aboutJob(job.id)(m));
    const stream = events(c);
    // Every event numbered one more than the last, starting right after the snapshot's seq.
    expect(stream.map((m) => m.seq)).toEqual(stream.map((_m, i) => snapshot.seq + 1 + i));
    const types = stream.filter(aboutJob(job.id)).map((m) => m.type);
    const at = (type: string) => types.indexOf(type);
    expect(at('job.queued')).toBe(0);
    expect(at('job.started')).toBeGreaterThan(at('job.queued'));
    expect(at('job.progress')).toBeGreaterThan(at('job.started'));
    expect(types.at(-1)).toBe('job.completed');
    expect(types.lastIndexOf('job.progress')).toBeLessThan(at('job.completed'));
    const completed = stream.find((m) => m.type === 'job.completed')!.data as {
      result: { outputPath: string };
    };
    expect(completed.result.outputPath).toBe(path.join(h.outputDir, 'cue 1.mov'));
    // ≤ 4 progress messages per second per job: never five inside one second.
    const progressTimes = stream.filter((m) => m.type === 'job.progress').map((m) => m.receivedAt);
    for (let i = 4; i < progressTimes.length; i++)
      expect(progressTimes[i] - progressTimes[i - 4]).toBeGreaterThan(900);
  });

  it('answers resync with a fresh snapshot at the current seq and ping with pong', async () => {
    const { h, server } = await serve();
    const c = await client(server);
    await c.waitFor((m) => m.type === 'snapshot');
    await post(server, '/api/v1/queue/pause');
    const job = await submit(server, await h.clip('held.mov', { seconds: 1 }));
    const queued = await c.waitFor((m) => m.type === 'job.queued');
    c.send({ type: 'resync' });
    const fresh = await c.waitFor((m) => m.type === 'snapshot' && m.seq > 0);
    expect(fresh.seq).toBe(queued.seq);
    const data = fresh.data as { status: StatusView; queue: QueueView };
    expect(data.status.state).toBe('paused');
    expect(data.queue.jobs.map((j) => j.id)).toEqual([job.id]);
    c.send({ type: 'ping' });
    expect((await c.waitFor((m) => m.type === 'pong')).seq).toBe(queued.seq);
    c.send('not json');
    expect((await c.waitFor((m) => m.type === 'error')).data).toMatchObject({ code: 'request.invalid' });
  });

  it('streams every action, including on pending jobs: cancel, retry, clear, queue pause/resume, config edit', async () => {
    const { h, server } = await serve();
    const c = await client(server);
    await c.waitFor((m) => m.type === 'snapshot');
    await post(server, '/api/v1/queue/pause');
    const a = await submit(server, await h.clip('a.mov', { seconds: 1 }));
    const b = await submit(server, await h.clip('b.mov', { seconds: 1 }));
    await post(server, `/api/v1/jobs/${a.id}/cancel`);
    await post(server, `/api/v1/jobs/${a.id}/retry`);
    await post(server, '/api/v1/queue/clear');
    const patch = await fetch(`${server.url}/api/v1/config`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ concurrency: 2 }),
    });
    expect(patch.status).toBe(200);
    await post(server, '/api/v1/queue/resume');
    await c.waitFor((m) => m.type === 'queue.resumed');
    const types = events(c).map((m) => `${m.type}${(m.data as { id?: string })?.id === b.id ? ':b' : ''}`);
    expect(types).toEqual(
      expect.arrayContaining([
        'queue.paused',
        'job.cancelled',
        'job.retried',
        'queue.cleared',
        'job.cancelled:b',
      ]),
    );
    expect(types).toContain('config.updated');
    expect(types.at(-1)).toBe('queue.resumed');
  });

  it('gives 50 concurrent clients the same events with the same seq', async () => {
    const { h, server } = await serve();
    const clip = await h.clip('cue.mov', { seconds: 2 });
    const clients = await Promise.all(Array.from({ length: 50 }, () => client(server)));
    await Promise.all(clients.map((c) => c.waitFor((m) => m.type === 'snapshot')));
    const job = await submit(server, clip);
    await Promise.all(
      clients.map((c) => c.waitFor((m) => m.type === 'job.completed' && aboutJob(job.id)(m))),
    );
    const seen = clients.map((c) => events(c).map((m) => `${m.seq}:${m.type}`));
    for (const type of ['job.queued', 'job.started', 'job.completed']) {
      expect(seen[0].some((e) => e.endsWith(`:${type}`))).toBe(true);
    }
    for (const list of seen) expect(list).toEqual(seen[0]);
  });

  it('a client that stops reading does not delay the others and is cut loose (1013)', async () => {
    const { h, server } = await serve({ stream: { maxBufferedBytes: 64 * 1024, maxLagMs: 1500 } });
    const master = await h.clip('master.mov', { seconds: 1 });
    await post(server, '/api/v1/queue/pause');
    // A big queue makes every snapshot large (about 40 KB).
    for (let i = 0; i < 60; i++) {
      const file = path.join(h.watchDir, `pad-${i}.mov`);
      await copyFile(master, file);
      await submit(server, file);
    }
    const hub = h.hubs.at(-1)!;
    const fast = await client(server);
    const slow = await client(server);
    await fast.waitFor((m) => m.type === 'snapshot');
    await slow.waitFor((m) => m.type === 'snapshot');
    expect(hub.clientCount).toBe(2);
    // Stop reading, then ask for far more than the socket can hold (hundreds of snapshots, ~20 MB).
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let i = 0; i < 500; i++) slow.send({ type: 'resync' });

    const first = (await (await fetch(`${server.url}/api/v1/queue`)).json()) as QueueView;
    const serviceCompleted = h.waitFor((e) => e.type === 'job.completed' && e.data.id === first.jobs[0].id);
    const fastCompleted = fast.waitFor((m) => m.type === 'job.completed');
    await post(server, '/api/v1/queue/resume');
    const [atService] = await Promise.all([serviceCompleted.then(() => Date.now()), fastCompleted]);
    const received = (await fastCompleted).receivedAt;
    expect(received - atService).toBeLessThan(250);
    await post(server, '/api/v1/queue/pause');

    // The stuck client is dropped on the server side within maxLagMs (plus a pump tick).
    const deadline = Date.now() + 5000;
    while (hub.clientCount > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(hub.clientCount).toBe(1);
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    const { code, reason } = await slow.closed;
    expect(code).toBe(1013);
    expect(reason).toMatch(/too slow/);
    // The fast one is still served.
    fast.send({ type: 'ping' });
    await fast.waitFor((m) => m.type === 'pong');
  });
});
