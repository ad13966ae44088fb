import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobView, QueueView } from '../../src/service/types.ts';
import { seriousViolations } from './helpers/axe.ts';
import { byTestId, eventually, openView, queueRow, waitLive, waitStatus } from './helpers/dashboard.ts';
import { useBrowser } from './helpers/page.ts';
import { type E2eServer, startE2eServer } from './helpers/server.ts';
import { describeBrowser } from './helpers/suite.ts';

describeBrowser('dashboard: accessibility (axe-core)', () => {
  let server: E2eServer;
  let failed: JobView;
  beforeAll(async () => {
    // Every view with something in it: a completed and a failed job (its output name is taken), one running, two
    // pending behind it.
    server = await startE2eServer({ extraYaml: 'collision: fail\n' });
    await server.drop('done.mov', { seconds: 2 });
    await writeFile(path.join(server.outputDir, 'broken.mov'), 'in the way');
    await server.drop('broken.mov', { seconds: 2 });
    await eventually(
      async () => {
        const items = (await server.api.get<{ items: JobView[] }>('/history')).items;
        failed = items.find((j) => j.status === 'failed') as JobView;
        return items.length === 2 && failed !== undefined;
      },
      'one completed and one failed job',
      120_000,
    );
    await server.drop('long-running.mov', { seconds: 60, width: 320, height: 180 });
    await server.drop('next-1.mov', { seconds: 2 });
    await server.drop('next-2.mov', { seconds: 2 });
    await eventually(
      async () => (await server.api.get<QueueView>('/queue')).jobs.length === 3,
      'three active jobs',
      60_000,
    );
  }, 240_000);
  afterAll(() => server?.cleanup());
  const openPage = useBrowser(() => server.url());

  const check = async (page: Page, view: string) => {
    const violations = await seriousViolations(page);
    expect(violations, `${view}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  };

  it('reports no serious or critical violation on any view, in both themes', async () => {
    const { page } = await openPage();
    await waitLive(page);
    await waitStatus(queueRow(page, 'long-running.mov'), 'running');
    await check(page, 'queue');

    await openView(page, 'running');
    await byTestId(page, 'running-tile').waitFor();
    await check(page, 'running');

    await openView(page, 'history');
    await byTestId(page, 'history-row').nth(1).waitFor();
    await check(page, 'history');
    await byTestId(page, 'btn-wall').click();
    // Failed jobs only: broken.mov, not done.mov.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="wall-item"]').length === 1);
    await expect(byTestId(page, 'wall-item').textContent()).resolves.toContain('broken.mov');
    await check(page, 'failures wall');
    await byTestId(page, 'btn-wall-off').click();

    await openView(page, 'stats');
    await check(page, 'stats');

    await openView(page, 'config');
    await byTestId(page, 'rule-row').first().waitFor();
    await check(page, 'config');

    await page.goto(`${server.url()}/#/job/${encodeURIComponent(failed.id)}`);
    await byTestId(page, 'job-error').waitFor();
    await check(page, 'job detail');

    await openView(page, 'queue');
    await queueRow(page, 'next-2.mov').locator('[data-testid="btn-cancel"]').click();
    await byTestId(page, 'confirm').waitFor();
    await check(page, 'confirm dialog');
    await byTestId(page, 'confirm-cancel').click();

    await byTestId(page, 'btn-theme').click();
    await check(page, 'queue, light theme');
    await openView(page, 'history');
    await byTestId(page, 'history-row').nth(1).waitFor();
    await check(page, 'history, light theme');
  }, 180_000);
});
