import { afterEach, describe, expect, it } from 'vitest';
import { BvpError } from '../../src/errors.ts';
import { STREAM_PROTOCOL } from '../../src/http/security/auth.ts';
import type { HttpServerHandle } from '../../src/http/server-options.ts';
import { startHttpServer } from '../../src/runtime/node.ts';
import { createHarness, type Harness, type HarnessOptions, TOKEN } from './helpers/harness.ts';
import { connectStream, upgradeStatus } from './helpers/ws-client.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(options: HarnessOptions = {}): Promise<{ h: Harness; server: HttpServerHandle }> {
  const h = await createHarness(options);
  cleanups.push(() => h.close());
  return { h, server: await h.listen() };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('binding', () => {
  it('refuses to start beyond loopback without a token, and says why', async () => {
    const h = await createHarness();
    cleanups.push(() => h.close());
    const attempt = startHttpServer({ factory: h.factory, host: '0.0.0.0', port: 0, token: null });
    await expect(attempt).rejects.toBeInstanceOf(BvpError);
    await expect(attempt).rejects.toMatchObject({
      code: 'config.invalid',
      message: expect.stringMatching(/api\.token/),
    });
  });

  it('binds 127.0.0.1 by default', async () => {
    const h = await createHarness();
    cleanups.push(() => h.close());
    const server = await startHttpServer({ factory: h.factory, port: 0 });
    cleanups.push(() => server.close());
    expect(server.host).toBe('127.0.0.1');
    expect((await fetch(`${server.url}/api/v1/status`)).status).toBe(200);
  });
});

describe('with a token', () => {
  it('REST: a missing or wrong token is 401 JSON; the right one works; health stays open', async () => {
    const { server } = await serve({ token: TOKEN });
    const missing = await fetch(`${server.url}/api/v1/queue`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('auth.unauthorized');
    expect(
      (await fetch(`${server.url}/api/v1/queue`, { headers: bearer('wrong-token-0123456789') })).status,
    ).toBe(401);
    expect(
      (await fetch(`${server.url}/api/v1/queue`, { headers: { authorization: 'Basic abc' } })).status,
    ).toBe(401);
    expect((await fetch(`${server.url}/api/v1/queue`, { headers: bearer(TOKEN) })).status).toBe(200);
    const post = await fetch(`${server.url}/api/v1/queue/pause`, { method: 'POST' });
    expect(post.status).toBe(401);
    expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
  });

  it('WebSocket: no or wrong credentials refuse the upgrade with 401', async () => {
    const { server } = await serve({ token: TOKEN });
    expect(await upgradeStatus(server.url)).toBe(401);
    expect(await upgradeStatus(server.url, { headers: bearer('wrong-token-0123456789') })).toBe(401);
    expect(await upgradeStatus(server.url, { protocols: [STREAM_PROTOCOL, 'bvp.token.wrong'] })).toBe(401);
    expect(await upgradeStatus(server.url, { query: '?ticket=made-up' })).toBe(401);
  });

  it('WebSocket: the token works as a header, as a subprotocol (bvp.v1 echoed) and as a single-use ticket', async () => {
    const { server } = await serve({ token: TOKEN });
    const byHeader = await connectStream(server.url, { headers: bearer(TOKEN) });
    expect((await byHeader.waitFor((m) => m.type === 'snapshot')).type).toBe('snapshot');
    byHeader.close();

    const byProtocol = await connectStream(server.url, {
      protocols: [STREAM_PROTOCOL, `bvp.token.${TOKEN}`],
    });
    expect(byProtocol.ws.protocol).toBe(STREAM_PROTOCOL);
    await byProtocol.waitFor((m) => m.type === 'snapshot');
    byProtocol.close();

    expect((await fetch(`${server.url}/api/v1/ws-ticket`, { method: 'POST' })).status).toBe(401);
    const res = await fetch(`${server.url}/api/v1/ws-ticket`, { method: 'POST', headers: bearer(TOKEN) });
    expect(res.status).toBe(201);
    const { ticket, expiresAt } = (await res.json()) as { ticket: string; expiresAt: number };
    expect(expiresAt).toBeGreaterThan(Date.now());
    const byTicket = await connectStream(server.url, { query: `?ticket=${ticket}` });
    await byTicket.waitFor((m) => m.type === 'snapshot');
    byTicket.close();
    expect(await upgradeStatus(server.url, { query: `?ticket=${ticket}` })).toBe(401);
  });
});

describe('origins', () => {
  it('CORS is off by default: a foreign origin is refused, with no Access-Control-Allow-Origin', async () => {
    const { server } = await serve();
    const res = await fetch(`${server.url}/api/v1/status`, { headers: { origin: 'http://evil.example' } });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('CORS answers listed origins only, never with credentials', async () => {
    const desk = 'http://desk.local:8080';
    const { server } = await serve({ token: TOKEN, corsOrigins: [desk] });
    const preflight = await fetch(`${server.url}/api/v1/queue/pause`, {
      method: 'OPTIONS',
      headers: {
        origin: desk,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(desk);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const other = await fetch(`${server.url}/api/v1/status`, {
      headers: { origin: 'http://evil.example', ...bearer(TOKEN) },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('WebSocket: a foreign browser origin is refused (403); same-origin, listed and no Origin are allowed', async () => {
    const desk = 'http://desk.local:8080';
    const { server } = await serve({ corsOrigins: [desk] });
    expect(await upgradeStatus(server.url, { headers: { origin: 'http://evil.example' } })).toBe(403);
    expect(await upgradeStatus(server.url, { headers: { origin: server.url } })).toBe(0);
    expect(await upgradeStatus(server.url, { headers: { origin: desk } })).toBe(0);
    expect(await upgradeStatus(server.url)).toBe(0);
  });
});
