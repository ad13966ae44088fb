import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HttpServerHandle } from '../../src/http/server-options.ts';
import type { JobView, QueueView } from '../../src/service/types.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { connectStream } from './helpers/ws-client.ts';

const NAME = '<img src=x onerror=alert(1)>.mov';
let h: Harness;
let server: HttpServerHandle;

beforeAll(async () => {
  h = await createHarness();
  server = await h.listen();
});
afterAll(() => h.close());

it(`a file named ${NAME} flows through REST and WebSocket as plain JSON data`, async () => {
  const file = await h.clip(NAME, { seconds: 1 });
  const stream = await connectStream(server.url);
  await stream.waitFor((m) => m.type === 'snapshot');
  await fetch(`${server.url}/api/v1/queue/pause`, { method: 'POST' });

  const res = await fetch(`${server.url}/api/v1/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ source: file, profile: 'live-qlab' }),
  });
  expect(res.status).toBe(201);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  const job = (await res.json()) as JobView;
  expect(job.source.path).toBe(file);
  expect(job.outputPath.endsWith(NAME)).toBe(true);

  const queueRes = await fetch(`${server.url}/api/v1/queue`);
  expect(queueRes.headers.get('content-type')).toMatch(/^application\/json/);
  const queue = (await queueRes.json()) as QueueView;
  expect(queue.jobs[0].source.path).toBe(file);
  const detail = (await (await fetch(`${server.url}/api/v1/jobs/${job.id}`)).json()) as JobView;
  expect(detail.source.path).toBe(file);

  const queued = await stream.waitFor((m) => m.type === 'job.queued');
  expect((queued.data as { job: JobView }).job.source.path).toBe(file);
  stream.send({ type: 'resync' });
  const snapshot = await stream.waitFor((m) => m.type === 'snapshot' && m.seq > 0);
  expect((snapshot.data as { queue: QueueView }).queue.jobs[0].source.path).toBe(file);
  stream.close();
});
