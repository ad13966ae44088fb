import { afterEach, describe, expect, it } from 'vitest';
import type { HttpServerHandle } from '../../src/http/server-options.ts';
import type { StatusView } from '../../src/service/types.ts';
import { createHarness } from './helpers/harness.ts';
import { connectStream } from './helpers/ws-client.ts';

/**
 * What the seed's design note and the original's clients rely on: `paused`/`running` booleans on /status for the
 * Play/Pause buttons, and the bare-text ping/pong keep-alive.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(): Promise<HttpServerHandle> {
  const h = await createHarness();
  cleanups.push(() => h.close());
  return h.listen();
}

async function status(server: HttpServerHandle): Promise<StatusView> {
  const res = await fetch(`${server.url}/api/v1/status`);
  expect(res.status).toBe(200);
  return (await res.json()) as StatusView;
}

describe('the seed contract', () => {
  it('/status carries paused and running booleans that flip with queue pause and resume', async () => {
    const server = await serve();
    expect(await status(server)).toMatchObject({
      state: 'running',
      paused: false,
      running: true,
      pausedSince: null,
    });

    expect((await fetch(`${server.url}/api/v1/queue/pause`, { method: 'POST' })).status).toBe(200);
    const paused = await status(server);
    expect(paused).toMatchObject({ state: 'paused', paused: true, running: false });
    expect(typeof paused.pausedSince).toBe('number');
    // Job counts stay job counts: no job is paused, only the queue.
    expect(paused.counts.paused).toBe(0);

    expect((await fetch(`${server.url}/api/v1/queue/resume`, { method: 'POST' })).status).toBe(200);
    expect(await status(server)).toMatchObject({
      state: 'running',
      paused: false,
      running: true,
      pausedSince: null,
    });
  });

  it('answers the text ping with the text pong over a real WebSocket, and keeps the JSON ping', async () => {
    const server = await serve();
    const c = await connectStream(server.url);
    cleanups.push(() => c.close());
    await c.waitFor((m) => m.type === 'snapshot');
    const raw: string[] = [];
    c.ws.on('message', (data) => raw.push(String(data)));

    c.send('ping');
    await c.waitFor((m) => m.type === 'text');
    expect(raw).toEqual(['pong']);

    c.send({ type: 'ping' });
    expect((await c.waitFor((m) => m.type === 'pong')).type).toBe('pong');
    expect(JSON.parse(raw[1])).toMatchObject({ type: 'pong' });
  });
});
