import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobView } from '../../src/service/types.ts';
import { byTestId, eventually, openView, waitLive } from './helpers/dashboard.ts';
import { useBrowser } from './helpers/page.ts';
import { type E2eServer, startE2eServer } from './helpers/server.ts';
import { describeBrowser } from './helpers/suite.ts';

const HOSTILE = '<img src=x onerror=window.__x=1>.mov';

describeBrowser('dashboard: history and hostile file names', () => {
  let server: E2eServer;
  beforeAll(async () => {
    server = await startE2eServer();
    // Two completed jobs, one of them with a name built to run script if it were ever inserted as HTML, and one
    // cancelled job (queued while the queue is paused, then cleared).
    await server.drop('interview-take-07.mov', { seconds: 2 });
    await server.drop(HOSTILE, { seconds: 2 });
    await eventually(
      async () =>
        (await server.api.get<{ items: JobView[] }>('/history?status=completed')).items.length === 2,
      'two completed jobs',
      120_000,
    );
    await server.api.post('/queue/pause');
    await server.drop('band-intro.mov', { seconds: 2 });
    await eventually(
      async () => (await server.api.get<{ jobs: JobView[] }>('/queue')).jobs.length === 1,
      'band-intro.mov queued',
      60_000,
    );
    await server.api.post('/queue/clear');
    await server.api.post('/queue/resume');
  }, 240_000);
  afterAll(() => server?.cleanup());
  const openPage = useBrowser(() => server.url());

  const shownNames = (page: import('playwright-core').Page) =>
    page.$$eval('[data-testid="history-row"] .job-name', (links) => links.map((a) => a.textContent).sort());

  it('search finds a job by part of its name; the status filter shows only that status', async () => {
    const { page } = await openPage();
    await waitLive(page);
    await openView(page, 'history');
    await byTestId(page, 'history-row').nth(2).waitFor();
    expect(await shownNames(page)).toEqual([HOSTILE, 'band-intro.mov', 'interview-take-07.mov'].sort());

    await byTestId(page, 'history-search').fill('take-0');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="history-row"]').length === 1);
    expect(await shownNames(page)).toEqual(['interview-take-07.mov']);
    // The search ran on the server.
    await byTestId(page, 'history-search').fill('');
    await byTestId(page, 'history-row').nth(2).waitFor();

    await byTestId(page, 'history-status-filter').selectOption('cancelled');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="history-row"]').length === 1);
    expect(await shownNames(page)).toEqual(['band-intro.mov']);
    await expect(byTestId(page, 'job-status').allTextContents()).resolves.toEqual(['cancelled']);

    await byTestId(page, 'history-status-filter').selectOption('completed');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="history-row"]').length === 2);
    await expect(byTestId(page, 'job-status').allTextContents()).resolves.toEqual(['completed', 'completed']);
  }, 120_000);

  it('file names built like HTML tags render as text in the queue, the history and the job detail, and run nothing', async () => {
    const { page } = await openPage();
    await waitLive(page);
    // A second one, live in the queue (held there by pausing it).
    await server.api.post('/queue/pause');
    const live = '<svg onload=window.__x=2>.mov';
    await server.drop(live, { seconds: 2 });
    const row = byTestId(page, 'job-row').filter({ hasText: 'onload' });
    await expect(row.locator('[data-testid="job-name"]').textContent({ timeout: 60_000 })).resolves.toBe(
      live,
    );

    await openView(page, 'history');
    const link = page.locator('[data-testid="history-row"] .job-name', { hasText: 'onerror' });
    await expect(link.textContent()).resolves.toBe(HOSTILE);
    // And in the job's detail, where the name, paths and ffmpeg arguments all carry it.
    await link.click();
    await expect(byTestId(page, 'detail-name').textContent()).resolves.toContain(HOSTILE);
    await expect(byTestId(page, 'detail-source').textContent()).resolves.toContain(HOSTILE);
    // Give an injected element every chance to load, fail and fire its handler.
    await page.waitForTimeout(500);
    const outcome = await page.evaluate(() => ({
      x: (window as unknown as { __x?: unknown }).__x,
      injected: document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload]').length,
    }));
    expect(outcome).toEqual({ x: undefined, injected: 0 });
    await server.api.post('/queue/clear');
    await server.api.post('/queue/resume');
  }, 120_000);
});
