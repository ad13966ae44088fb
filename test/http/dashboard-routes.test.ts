import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, TOKEN } from './helpers/harness.ts';

const harnesses: Harness[] = [];
async function harness(token?: string): Promise<Harness> {
  const h = await createHarness({ token });
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

interface Issue {
  path: string;
  message: string;
  line?: number;
}

describe('dashboard routes', () => {
  it('serves the page with a strict CSP, and hashed assets that are immutable and of the right type', async () => {
    const h = await harness(TOKEN);
    // The page shell is open: it holds no data, and must load to ask for the token.
    const page = await h.app.request('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await page.text();
    expect(html).not.toMatch(/<script>|<style>|https?:\/\//);
    const script = /src="\/assets\/(app-[0-9a-f]+\.js)"/.exec(html)?.[1];
    const style = /href="\/assets\/(app-[0-9a-f]+\.css)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    const js = await h.app.request(`/assets/${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('cache-control')).toContain('immutable');
    const body = await js.text();
    // No request to any other host: no absolute URL the page could fetch from.
    expect(body).not.toMatch(/https?:\/\/(?!www\.w3\.org)[a-z0-9.-]+\.[a-z]{2,}\//i);
    const css = await h.app.request(`/assets/${style}`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).not.toMatch(/@import|url\(\s*['"]?https?:/);
    expect((await h.app.request('/assets/app-0000.js')).status).toBe(404);
  });

  it('tests a path against the rules: the rule, profile and output, or why it is passed over', async () => {
    const h = await harness();
    const res = await h.call('POST', '/api/v1/rules/test', { path: 'show/intro.mov' });
    expect(res.status).toBe(200);
    const plan = (await res.json()) as { queued: boolean; profile: string; outputPath: string };
    expect(plan).toMatchObject({ queued: true, profile: 'live-qlab' });
    expect(plan.outputPath).toBe(`${h.outputDir}/show/intro.mov`);
    const outside = (await (
      await h.call('POST', '/api/v1/rules/test', { path: '/elsewhere/x.mov' })
    ).json()) as {
      queued: boolean;
      reason: string;
    };
    expect(outside).toMatchObject({ queued: false, reason: 'not inside any watch folder' });
    const hidden = (await (await h.call('POST', '/api/v1/rules/test', { path: '._x.mov' })).json()) as {
      queued: boolean;
    };
    expect(hidden.queued).toBe(false);
    expect((await h.call('POST', '/api/v1/rules/test', {})).status).toBe(422);
  });

  it('shows the config file with its comments and the token masked, and keeps the token when it comes back masked', async () => {
    const h = await harness(TOKEN);
    const res = await h.call('GET', '/api/v1/config/text');
    const { yaml } = (await res.json()) as { yaml: string };
    expect(yaml).toContain('# where the cues are dropped');
    expect(yaml).not.toContain(TOKEN);
    expect(yaml).toContain("token: '***'");
    const edited = yaml.replace('concurrency: 1', 'concurrency: 2');
    const valid = await h.call('POST', '/api/v1/config/text/validate', { yaml: edited });
    expect(await valid.json()).toEqual({ valid: true, issues: [] });
    const applied = await h.call('PUT', '/api/v1/config/text', { yaml: edited });
    expect(applied.status).toBe(200);
    expect(h.config().concurrency).toBe(2);
    expect(h.config().api.token).toBe(TOKEN);
    const file = await readFile(h.configFile, 'utf8');
    expect(file).toContain(TOKEN);
    expect(file).toContain('# where the cues are dropped');
  });

  it('reports an invalid edit with its line and document path and changes nothing', async () => {
    const h = await harness();
    const before = await readFile(h.configFile, 'utf8');
    const { yaml } = (await (await h.call('GET', '/api/v1/config/text')).json()) as { yaml: string };
    const bad = yaml.replace('profile: live-qlab', 'profile: no-such-profile');
    const line = bad.split('\n').findIndex((l) => l.includes('no-such-profile')) + 1;
    const checked = (await (await h.call('POST', '/api/v1/config/text/validate', { yaml: bad })).json()) as {
      valid: boolean;
      issues: Issue[];
    };
    expect(checked.valid).toBe(false);
    expect(checked.issues[0]).toMatchObject({ path: 'watch[0].profile', line });
    const refused = await h.call('PUT', '/api/v1/config/text', { yaml: bad });
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { error: { details: { issues: Issue[] } } };
    expect(body.error.details.issues[0]).toMatchObject({ path: 'watch[0].profile', line });
    expect(await readFile(h.configFile, 'utf8')).toBe(before);
    expect(h.config().watch[0]!.profile).toBe('live-qlab');
  });

  it('refuses a mutating call without a JSON body type', async () => {
    const h = await harness();
    const res = await h.call('POST', '/api/v1/rules/test', 'path=x', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
  });
});
