import { afterAll, beforeAll, expect, it } from 'vitest';
import { seriousViolations } from './helpers/axe.ts';
import { type OpenedPage, useBrowser } from './helpers/page.ts';
import { type E2eServer, startE2eServer } from './helpers/server.ts';
import { describeBrowser } from './helpers/suite.ts';

// The harness itself: what every dashboard test relies on (a real server, the real browser, the request guard).
describeBrowser('browser test harness', () => {
  let server: E2eServer;
  beforeAll(async () => {
    server = await startE2eServer();
  });
  afterAll(() => server?.cleanup());
  const openPage = useBrowser(() => server.url());

  it('drives Debian Chromium against the real server', async () => {
    const { page }: OpenedPage = await openPage({ path: '/api/v1/health' });
    const body = JSON.parse((await page.locator('body').textContent()) ?? '') as { status: string };
    expect(body.status).toBeDefined();
    expect(await page.evaluate(() => navigator.userAgent)).toContain('HeadlessChrome');
  });

  it('refuses and records a request to any other host', async () => {
    const opened = await openPage({ path: '/api/v1/health' });
    const outcome = await opened.page.evaluate(() =>
      fetch('http://192.0.2.1/tracker.js').then(
        () => 'loaded',
        () => 'refused',
      ),
    );
    expect(outcome).toBe('refused');
    expect(opened.foreign).toEqual(['http://192.0.2.1/tracker.js']);
    expect(opened.requests[0]).toBe(`${server.url()}/api/v1/health`);
    // Seen and refused: this test wanted it, so the after-test guard must not fail on it.
    opened.foreign.length = 0;
  });

  it('runs axe-core from node_modules inside the page', async () => {
    const { page } = await openPage({ path: null });
    await page.goto(`${server.url()}/api/v1/health`);
    await page.setContent(
      '<html lang="en"><title>t</title><body><main><img src="/x.png"></main></body></html>',
    );
    const violations = await seriousViolations(page);
    expect(violations.map((v) => v.id)).toContain('image-alt');
  });
});
