import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { STREAM_PROTOCOL } from '../../../src/http/security/auth.ts';
import type { HttpServerHandle } from '../../../src/http/server-options.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';
import { connectStream, upgradeStatus } from '../helpers/ws-client.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(): Promise<{ h: Harness; server: HttpServerHandle }> {
  const h = await createHarness();
  cleanups.push(() => h.close());
  return { h, server: await h.listen() };
}

/** A raw request, so Host and Origin can be set like a browser or a rebinding page would. */
function send(
  server: HttpServerHandle,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, method, path, headers: { ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('browser-safe by default (loopback, no token)', () => {
  it('refuses a text/plain POST from a foreign origin and leaves the queue running', async () => {
    const { h, server } = await serve();
    const res = await send(
      server,
      'POST',
      '/api/v1/queue/pause',
      { origin: 'http://evil.example', 'content-type': 'text/plain' },
      'x',
    );
    expect(res.status).toBe(403);
    // Same-origin but still not JSON: a form or text/plain body is refused too.
    const plain = await send(
      server,
      'POST',
      '/api/v1/queue/pause',
      { origin: `http://127.0.0.1:${server.port}`, 'content-type': 'text/plain' },
      'x',
    );
    expect(plain.status).toBe(415);
    expect(h.service.status().state).not.toBe('paused');
  });

  it('refuses a DNS-rebinding Host on REST (421) and on the WebSocket upgrade', async () => {
    const { server } = await serve();
    const rest = await send(server, 'GET', '/api/v1/config', { host: `attacker.example:${server.port}` });
    expect(rest.status).toBe(421);
    expect(JSON.parse(rest.body).error.code).toBe('request.misdirected');
    expect(await upgradeStatus(server.url, { headers: { host: `attacker.example:${server.port}` } })).toBe(
      421,
    );
  });

  it('serves the dashboard origin (127.0.0.1 and localhost) with JSON bodies, and curl without Origin', async () => {
    const { h, server } = await serve();
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`]) {
      const res = await send(
        server,
        'PUT',
        '/api/v1/queue/concurrency',
        { host, origin: `http://${host}`, 'content-type': 'application/json' },
        JSON.stringify({ value: 2 }),
      );
      expect(res.status).toBe(200);
    }
    // curl -X POST with no body and no Origin.
    expect((await send(server, 'POST', '/api/v1/queue/pause', {})).status).toBe(200);
    expect(h.service.status().state).toBe('paused');
    const ws = await connectStream(server.url, {
      protocols: [STREAM_PROTOCOL],
      headers: { origin: `http://localhost:${server.port}`, host: `localhost:${server.port}` },
    });
    await ws.waitFor((m) => m.type === 'snapshot');
    ws.close();
  });

  it('never echoes a token offered as the only WebSocket subprotocol', async () => {
    const { server } = await serve();
    expect(await upgradeStatus(server.url, { protocols: ['bvp.token.secret-0123456789abcdef'] })).toBe(400);
  });
});
