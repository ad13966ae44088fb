import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, TOKEN } from './helpers/harness.ts';

const harnesses: Harness[] = [];
async function harness(options: Parameters<typeof createHarness>[0] = {}): Promise<Harness> {
  const h = await createHarness(options);
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

interface Health {
  status: string;
  version: string;
  uptimeSeconds: number;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

describe('meta routes', () => {
  it('GET /health is 200 with version and checks while all are up, 503 once the service loop is down', async () => {
    const h = await harness();
    const up = await h.call('GET', '/api/v1/health');
    expect(up.status).toBe(200);
    const body = (await up.json()) as Health;
    expect(body).toMatchObject({ status: 'ok', checks: { store: { ok: true }, service: { ok: true } } });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    await h.service.stop({ graceSeconds: 0 });
    const down = await h.call('GET', '/api/v1/health');
    expect(down.status).toBe(503);
    expect(((await down.json()) as Health).checks.service).toEqual({ ok: false, detail: 'queue stopped' });
  });

  it('GET /health stays open with a token but shows check details only to token holders', async () => {
    const h = await harness({ token: TOKEN });
    const open = await h.app.request('/api/v1/health');
    expect(open.status).toBe(200);
    expect(((await open.json()) as Health).checks.store).toEqual({ ok: true });
    const full = (await (await h.call('GET', '/api/v1/health')).json()) as Health;
    expect(full.checks.store.detail).toContain('bvp.db');
  });

  it('GET /rules shows the watch folders with their real values; GET /profiles built-in and custom', async () => {
    const h = await harness();
    const rules = (await (await h.call('GET', '/api/v1/rules')).json()) as {
      watches: { path: string; profile: string; output: string }[];
    };
    expect(rules.watches).toEqual([
      expect.objectContaining({ path: h.watchDir, profile: 'live-qlab', output: h.outputDir }),
    ]);
    const profiles = (await (await h.call('GET', '/api/v1/profiles')).json()) as {
      profiles: { name: string; builtin: boolean; container: string }[];
    };
    expect(profiles.profiles.find((p) => p.name === 'live-qlab')).toMatchObject({
      builtin: true,
      container: 'mov',
    });
    expect(profiles.profiles.length).toBeGreaterThanOrEqual(10);
  });

  it('unknown routes are JSON 404s; the stream without an upgrade is 426; no stack traces', async () => {
    const h = await harness();
    const missing = await h.call('GET', '/api/v1/nothing');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('route.not_found');
    const stream = await h.call('GET', '/api/v1/stream');
    expect(stream.status).toBe(426);
    const text = await (
      await h.call('POST', '/api/v1/jobs', '{', { 'content-type': 'application/json' })
    ).text();
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('sets nosniff and frame protection on API responses', async () => {
    const h = await harness();
    const res = await h.call('GET', '/api/v1/status');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});
