import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceEvent } from '../../src/service/types.ts';
import { createHarness, type Harness, TOKEN } from './helpers/harness.ts';

const harnesses: Harness[] = [];
async function harness(): Promise<Harness> {
  const h = await createHarness({ token: TOKEN });
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

interface Issue {
  path: string;
  message: string;
}
const COMMENTS = [
  "# Bulletproof test config: the operator's comment",
  '# where the cues are dropped',
  '# Keep it to one',
];

describe('config routes', () => {
  it('GET /config shows the effective config with the token redacted', async () => {
    const h = await harness();
    const res = await h.call('GET', '/api/v1/config');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(TOKEN);
    const config = JSON.parse(text) as { api: { token: string }; watch: { path: string }[] };
    expect(config.api.token).toBe('***');
    expect(config.watch[0].path).toBe(h.watchDir);
  });

  it('PATCH merges, applies to the running service, keeps the comments and announces config.updated', async () => {
    const h = await harness();
    const events: ServiceEvent[] = [];
    h.service.subscribe((e) => events.push(e));
    const res = await h.call('PATCH', '/api/v1/config', { concurrency: 2, api: { body_limit: 2048 } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      config: { concurrency: number; api: { token: string } };
      restartRequired: [];
    };
    expect(body.config.concurrency).toBe(2);
    expect(body.config.api.token).toBe('***');
    expect(body.restartRequired).toEqual([]);
    const file = await readFile(h.configFile, 'utf8');
    for (const comment of COMMENTS) expect(file).toContain(comment);
    expect(file).toMatch(/^concurrency: 2$/m);
    expect(file).toContain(`token: ${TOKEN}`);
    expect(h.config().concurrency).toBe(2);
    expect(h.service.status().concurrency).toBe(2);
    expect(events.map((e) => e.type)).toContain('config.updated');
    // The new body limit is live at once.
    const big = await h.call('PUT', '/api/v1/queue/concurrency', { value: 1, pad: 'x'.repeat(3000) });
    expect(big.status).toBe(413);
  });

  it('PUT replaces the document: left-out keys go, surviving keys keep their comments', async () => {
    const h = await harness();
    const document = {
      watch: [{ path: './watch', profile: 'live-qlab', stable_seconds: 2 }],
      output: './output',
      data: './data',
      concurrency: 1,
      api: { host: '127.0.0.1', port: 9090, token: TOKEN, cors_origins: [] },
    };
    const res = await h.call('PUT', '/api/v1/config', document);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { restartRequired: string[]; config: { api: { body_limit: number } } };
    expect(body.restartRequired).toEqual(['api.port']);
    expect(body.config.api.body_limit).toBe(1048576);
    const file = await readFile(h.configFile, 'utf8');
    expect(file).toContain("# Bulletproof test config: the operator's comment");
    expect(file).toContain('# Keep it to one');
    expect(file).not.toContain('body_limit');
    expect(file).toMatch(/stable_seconds: 2/);
    expect(h.config().watch[0].stable_seconds).toBe(2);
  });

  it('a rejected edit changes neither the file nor the running config, and names every bad path', async () => {
    const h = await harness();
    const before = await readFile(h.configFile, 'utf8');
    const running = h.config();
    const res = await h.call('PATCH', '/api/v1/config', {
      concurrency: 0,
      watch: [{ path: './watch', profile: 'no-such-profile' }],
    });
    expect(res.status).toBe(422);
    const error = ((await res.json()) as { error: { code: string; details: { issues: Issue[] } } }).error;
    expect(error.code).toBe('config.invalid');
    const paths = error.details.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['concurrency', 'watch[0].profile']));
    expect(await readFile(h.configFile, 'utf8')).toBe(before);
    expect(h.config()).toBe(running);
    expect(h.service.status().concurrency).toBe(1);
    const put = await h.call('PUT', '/api/v1/config', { watch: 'nowhere' });
    expect(put.status).toBe(422);
    expect(await readFile(h.configFile, 'utf8')).toBe(before);
  });

  it('POST /config/validate really validates YAML or a document and lists every issue with its path', async () => {
    const h = await harness();
    const bad = await h.call('POST', '/api/v1/config/validate', {
      yaml: 'watch:\n  - path: ./watch\n    profile: vhs\n    stable_seconds: -1\nbogus: 1\n',
    });
    expect(bad.status).toBe(200);
    const result = (await bad.json()) as { valid: boolean; issues: Issue[] };
    expect(result.valid).toBe(false);
    expect(result.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['watch[0].profile', 'watch[0].stable_seconds', 'bogus']),
    );
    const good = await h.call('POST', '/api/v1/config/validate', {
      document: { watch: [{ path: './watch', profile: 'live-qlab' }], output: './output' },
    });
    expect(await good.json()).toEqual({ valid: true, issues: [] });
    const shape = await h.call('POST', '/api/v1/config/validate', { text: 'x' });
    expect(shape.status).toBe(422);
    const malformed = await h.call('PATCH', '/api/v1/config', '{"concurrency": ', {
      'content-type': 'application/json',
    });
    expect(malformed.status).toBe(400);
  });
});
