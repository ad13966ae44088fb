import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { QueueView } from '../../src/service/types.ts';
import { byTestId, eventually, markDocument, queueRow, sameDocument, waitLive } from './helpers/dashboard.ts';
import { useBrowser } from './helpers/page.ts';
import { type E2eServer, startE2eServer } from './helpers/server.ts';
import { describeBrowser } from './helpers/suite.ts';

describeBrowser('dashboard: the server dies and comes back', () => {
  let server: E2eServer;
  beforeAll(async () => {
    // `bvp serve` as a child process, so it can be killed for real (SIGKILL: no close frame, no goodbye).
    server = await startE2eServer({ mode: 'process' });
  }, 120_000);
  afterAll(() => server?.cleanup());
  const openPage = useBrowser(() => server.url());

  it('shows "reconnecting" while the server is gone, then resyncs to the true state by itself', async () => {
    await server.api.post('/queue/pause');
    await server.drop('before-crash.mov', { seconds: 30 });
    await eventually(
      async () => (await server.api.get<QueueView>('/queue')).jobs.length === 1,
      'before-crash.mov queued',
      60_000,
    );
    const { page } = await openPage();
    await waitLive(page);
    await queueRow(page, 'before-crash.mov').waitFor();
    await markDocument(page);

    await server.kill();
    const state = byTestId(page, 'connection-state');
    await page
      .locator('[data-testid="connection-state"][data-state="backingOff"]')
      .waitFor({ timeout: 30_000 });
    await expect(state.textContent()).resolves.toContain('reconnecting');

    // While it is down the truth changes: a new clip lands, the config asks for two encodes at a time.
    await server.drop('while-down.mov', { seconds: 30 });
    const config = await readFile(server.configFile, 'utf8');
    await writeFile(server.configFile, config.replace('concurrency: 1', 'concurrency: 2'));
    await server.start();

    await waitLive(page, 90_000);
    await queueRow(page, 'while-down.mov').waitFor({ timeout: 60_000 });
    await queueRow(page, 'before-crash.mov').waitFor();
    await page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('[data-testid="concurrency-input"]')?.value === '2',
    );
    // The page agrees with the service: its state (a restart starts the queue running) and its jobs.
    const truth = await server.api.get<QueueView>('/queue');
    await expect(byTestId(page, 'service-state').textContent()).resolves.toBe(truth.state);
    await eventually(async () => {
      const jobs = (await server.api.get<QueueView>('/queue')).jobs.map((j) =>
        j.source.path.split('/').pop(),
      );
      const shown = await byTestId(page, 'job-name').allTextContents();
      return JSON.stringify(shown.sort()) === JSON.stringify(jobs.sort());
    }, 'the page to show the jobs the service has');
    expect(await sameDocument(page)).toBe(true);
  }, 240_000);
});
