import { afterAll, beforeAll, expect, it } from 'vitest';
import type { QueueView } from '../../src/service/types.ts';
import { seriousViolations } from './helpers/axe.ts';
import {
  byTestId,
  eventually,
  headerCount,
  queueRow,
  waitCount,
  waitLive,
  waitStatus,
} from './helpers/dashboard.ts';
import { requested, useBrowser } from './helpers/page.ts';
import { type E2eServer, startE2eServer } from './helpers/server.ts';
import { describeBrowser } from './helpers/suite.ts';

const TOKEN = 'e2e-token-5c1f0d9a7b3e4f21';

describeBrowser('dashboard: a server with api.token', () => {
  let server: E2eServer;
  beforeAll(async () => {
    server = await startE2eServer({ token: TOKEN });
  });
  afterAll(() => server?.cleanup());
  const openPage = useBrowser(() => server.url());

  it('asks for the token (again when it is wrong), then steers and streams through it', async () => {
    const opened = await openPage();
    const { page } = opened;
    const dialog = byTestId(page, 'token-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await seriousViolations(page), 'axe on the token dialog').toEqual([]);

    await byTestId(page, 'token-input').fill('not-the-token');
    await byTestId(page, 'btn-token-submit').click();
    await dialog.waitFor({ state: 'visible' });
    await expect(byTestId(page, 'connection-state').getAttribute('data-state')).resolves.not.toBe('live');

    await byTestId(page, 'token-input').fill(TOKEN);
    await byTestId(page, 'btn-token-submit').click();
    await waitLive(page);
    await dialog.waitFor({ state: 'hidden' });
    // The WebSocket went through a single-use ticket, never the token in the URL.
    expect(requested(opened, /\/api\/v1\/ws-ticket/).length).toBeGreaterThan(0);
    expect(opened.requests.filter((u) => u.includes(TOKEN))).toEqual([]);

    // Steering: the queue button pauses the service, a dropped clip shows up live and can be cancelled.
    await byTestId(page, 'btn-queue-toggle').click();
    await page.locator('[data-testid="service-state"]', { hasText: 'paused' }).waitFor();
    expect((await server.api.get<QueueView>('/queue')).state).toBe('paused');
    await server.drop('with-token.mov', { seconds: 2 });
    const row = queueRow(page, 'with-token.mov');
    await waitStatus(row, 'pending', 60_000);
    await row.locator('[data-testid="btn-cancel"]').click();
    await byTestId(page, 'confirm-ok').click();
    await row.waitFor({ state: 'detached' });

    // Live progress over the ticketed stream, to completion.
    const completed = await headerCount(page, 'completed');
    await byTestId(page, 'btn-queue-toggle').click();
    await page.locator('[data-testid="service-state"]', { hasText: 'running' }).waitFor();
    await server.drop('streamed.mov', { seconds: 2 });
    await waitCount(page, 'completed', completed + 1, 120_000);

    // The token lasts for the tab: a reload does not ask again.
    await page.reload();
    await waitLive(page);
    await expect(dialog.isVisible()).resolves.toBe(false);
    await eventually(
      async () => (await headerCount(page, 'completed')) === completed + 1,
      'counts after reload',
    );
  }, 240_000);
});
