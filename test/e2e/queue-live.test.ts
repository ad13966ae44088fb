import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/bvp.ts';
import {
  byTestId,
  headerCount,
  markDocument,
  queueRow,
  sameDocument,
  waitCount,
  waitLive,
  waitStatus,
} from './helpers/dashboard.ts';
import { requested, useBrowser } from './helpers/page.ts';
import { type E2eServer, startE2eServer } from './helpers/server.ts';
import { describeBrowser } from './helpers/suite.ts';

/** Does this server have the poster endpoint yet? (It is documented in the OpenAPI document when it does.) */
async function hasPosters(server: E2eServer): Promise<boolean> {
  const doc = await server.api.get<{ paths: Record<string, unknown> }>('/openapi.json').catch(() => null);
  return doc !== null && Object.keys(doc.paths).some((p) => p.endsWith('/jobs/{id}/poster'));
}

describeBrowser('dashboard: the live queue', () => {
  let server: E2eServer;
  beforeAll(async () => {
    server = await startE2eServer();
  });
  afterAll(() => server?.cleanup());
  const openPage = useBrowser(() => server.url());

  it('a clip dropped into the watch folder appears with its poster frame, its progress moves and it completes, without a reload', async () => {
    const opened = await openPage();
    const { page } = opened;
    await waitLive(page);
    await markDocument(page);
    const completedBefore = await headerCount(page, 'completed');
    // Sample the row's progress bar in the page (every frame), so "it moved" is what the operator saw.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { __progress: number[] }).__progress = seen;
      const sample = () => {
        const bar = document.querySelector<HTMLProgressElement>('[data-testid="job-row"] progress');
        if (bar && seen[seen.length - 1] !== bar.value) seen.push(bar.value);
        requestAnimationFrame(sample);
      };
      requestAnimationFrame(sample);
    });

    await server.drop('arrival.mov', { seconds: 10, width: 160, height: 90 });
    const row = queueRow(page, 'arrival.mov');
    await row.waitFor({ timeout: 60_000 });
    await expect(row.locator('[data-testid="job-name"]').textContent()).resolves.toBe('arrival.mov');
    await expect(row.locator('[data-testid="job-profile"]').textContent()).resolves.toBe('live-qlab');

    if (await hasPosters(server)) {
      // The poster is an image the browser really decoded, from this server.
      const poster = row.locator('img[data-testid="poster"]');
      await page.waitForFunction(
        (el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0,
        await poster.elementHandle({ timeout: 60_000 }),
        { timeout: 60_000 },
      );
      expect(requested(opened, /\/api\/v1\/jobs\/[^/]+\/poster/).length).toBeGreaterThan(0);
    } else {
      // Until the poster endpoint exists the row carries the poster's place (image or placeholder).
      await expect(
        row.locator('[data-testid="poster"], [data-testid="poster-placeholder"]').count(),
      ).resolves.toBe(1);
    }

    await waitCount(page, 'completed', completedBefore + 1, 120_000);
    await row.waitFor({ state: 'detached' });
    const progress = await page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
    // Moved: at least one value strictly between start and end was on screen, and it never went backwards.
    expect(
      progress.some((p) => p > 0 && p < 100),
      `progress seen: ${progress.join(', ')}`,
    ).toBe(true);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(await sameDocument(page)).toBe(true);
    expect(requested(opened, new RegExp(`^${server.url()}/$`))).toHaveLength(1);
  }, 180_000);

  it.runIf(process.env.BVP_UPDATE_SCREENSHOT === '1')(
    'writes docs/dashboard.png: the queue view at 1280×800 with a few jobs',
    async () => {
      await server.api.put('/queue/concurrency', { value: 1 });
      await server.drop('keynote-opener.mov', { seconds: 40, width: 320, height: 180 });
      const { page } = await openPage({ viewport: { width: 1280, height: 800 } });
      await waitLive(page);
      await waitStatus(queueRow(page, 'keynote-opener.mov'), 'running');
      for (const name of ['walk-in-loop.mov', 'sponsor-reel.mov', 'panel-stinger.mov']) {
        await server.drop(name, { seconds: 4 });
        await queueRow(page, name).waitFor({ timeout: 60_000 });
      }
      // Let progress show a figure, then take the picture.
      await page.waitForFunction(() => {
        const bar = document.querySelector<HTMLProgressElement>('[data-testid="job-row"] progress');
        return bar !== null && bar.value > 5;
      });
      await mkdir(path.join(REPO_ROOT, 'docs'), { recursive: true });
      await page.screenshot({ path: path.join(REPO_ROOT, 'docs', 'dashboard.png') });
      await server.api.post('/queue/clear');
      await byTestId(page, 'queue-scroller').waitFor();
    },
    240_000,
  );
});
