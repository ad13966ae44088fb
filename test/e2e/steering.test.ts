import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { JobView, QueueView } from '../../src/service/types.ts';
import { processState, until } from '../helpers/proc.ts';
import {
  byTestId,
  eventually,
  ffmpegPid,
  headerCount,
  historyRow,
  openView,
  queueRow,
  waitCount,
  waitLive,
  waitStatus,
} from './helpers/dashboard.ts';
import { useBrowser } from './helpers/page.ts';
import { type E2eServer, startE2eServer } from './helpers/server.ts';
import { describeBrowser } from './helpers/suite.ts';

describeBrowser('dashboard: steering the queue', () => {
  let server: E2eServer;
  beforeAll(async () => {
    // collision: fail — a file in the way of the output fails the job; removing it lets a retry succeed.
    server = await startE2eServer({ extraYaml: 'collision: fail\n' });
  });
  afterAll(() => server?.cleanup());
  afterEach(async () => {
    // Each test starts from an empty, running queue.
    await server.api.post('/queue/clear');
    const { jobs } = await server.api.get<QueueView>('/queue');
    for (const job of jobs) await server.api.post(`/jobs/${job.id}/cancel`).catch(() => {});
    await server.api.post('/queue/resume');
  });
  const openPage = useBrowser(() => server.url());

  const queueOrder = async () =>
    (await server.api.get<QueueView>('/queue')).jobs.map((j) => path.basename(j.source.path));

  /** A dropped clip whose job fails: a file already has its output's name. Resolves once it has failed. */
  const failingJob = async (name: string): Promise<JobView> => {
    await writeFile(path.join(server.outputDir, name), 'in the way');
    await server.drop(name, { seconds: 2 });
    let failed: JobView | undefined;
    await eventually(
      async () => {
        const page = await server.api.get<{ items: JobView[] }>(`/history?status=failed&q=${name}`);
        failed = page.items[0];
        return failed !== undefined;
      },
      `${name} to fail`,
      90_000,
    );
    expect(failed?.error?.code).toBe('output.exists');
    return failed as JobView;
  };
  /** Takes the obstacle away, so a retry can succeed. */
  const repair = (job: JobView) => rm(job.outputPath);
  const statusOf = async (id: string) => (await server.api.job(id)).status;

  it('Pause on a running job shows paused and stops ffmpeg (state T); Resume finishes it', async () => {
    const { page } = await openPage();
    await waitLive(page);
    await server.drop('pause-me.mov', { seconds: 20, width: 320, height: 180 });
    const row = queueRow(page, 'pause-me.mov');
    await waitStatus(row, 'running');
    // /proc is Linux's: elsewhere (macOS) the test checks what the page and the API say, not the process state.
    const onLinux = process.platform === 'linux';
    const pid = onLinux ? await ffmpegPid(server.outputDir) : 0;
    await page.waitForFunction(
      (el) => (el?.querySelector('progress')?.value ?? 0) > 0,
      await row.elementHandle(),
    );

    await row.locator('[data-testid="btn-pause-job"]').click();
    await waitStatus(row, 'paused');
    await expect(row.locator('[data-testid="job-status"]').textContent()).resolves.toBe('paused');
    if (onLinux) {
      await until(() => processState(pid) === 'T', `ffmpeg ${pid} to be stopped (T)`);
      // Still stopped a moment later: paused means suspended, not killed and restarted.
      await page.waitForTimeout(500);
      expect(processState(pid)).toBe('T');
    }

    const completed = await headerCount(page, 'completed');
    await row.locator('[data-testid="btn-resume-job"]').click();
    if (onLinux) await until(() => processState(pid) !== 'T', `ffmpeg ${pid} to run again`);
    await waitCount(page, 'completed', completed + 1, 150_000);
    await row.waitFor({ state: 'detached' });
  }, 240_000);

  it('Cancel asks first: Keep keeps the job, confirming cancels it', async () => {
    const { page } = await openPage();
    await waitLive(page);
    await byTestId(page, 'btn-queue-toggle').click();
    await page.locator('[data-testid="service-state"]', { hasText: 'paused' }).waitFor();
    await server.drop('cancel-me.mov', { seconds: 2 });
    const row = queueRow(page, 'cancel-me.mov');
    await waitStatus(row, 'pending', 60_000);

    await row.locator('[data-testid="btn-cancel"]').click();
    const dialog = byTestId(page, 'confirm');
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('cancel-me.mov');
    await byTestId(page, 'confirm-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    await waitStatus(row, 'pending');
    expect(await queueOrder()).toEqual(['cancel-me.mov']);

    await row.locator('[data-testid="btn-cancel"]').click();
    await byTestId(page, 'confirm-ok').click();
    await row.waitFor({ state: 'detached' });
    const id = (await server.api.get<{ items: JobView[] }>('/history?q=cancel-me')).items[0]?.id;
    expect(id && (await statusOf(id))).toBe('cancelled');
  }, 120_000);

  it('Clear pending cancels every pending job after confirmation, and only them', async () => {
    await server.api.post('/queue/pause');
    const { page } = await openPage();
    await waitLive(page);
    for (const name of ['clear-a.mov', 'clear-b.mov', 'clear-c.mov']) await server.drop(name, { seconds: 2 });
    await eventually(async () => (await queueOrder()).length === 3, 'three pending jobs', 60_000);
    await byTestId(page, 'job-row').nth(2).waitFor();

    await byTestId(page, 'btn-clear-pending').click();
    await expect(byTestId(page, 'confirm').textContent()).resolves.toContain('3');
    await byTestId(page, 'confirm-ok').click();
    await byTestId(page, 'queue-empty').waitFor();
    expect(await queueOrder()).toEqual([]);
    const cancelled = await server.api.get<{ items: JobView[] }>('/history?q=clear-&status=cancelled');
    expect(cancelled.items.map((j) => path.basename(j.source.path)).sort()).toEqual([
      'clear-a.mov',
      'clear-b.mov',
      'clear-c.mov',
    ]);
  }, 120_000);

  it('Move to top puts the job first, on the page and in the service', async () => {
    await server.api.post('/queue/pause');
    const { page } = await openPage();
    await waitLive(page);
    for (const name of ['move-a.mov', 'move-b.mov', 'move-c.mov']) {
      await server.drop(name, { seconds: 2 });
      await queueRow(page, name).waitFor({ timeout: 60_000 });
    }
    const pageOrder = () => byTestId(page, 'job-name').allTextContents();
    expect(await pageOrder()).toEqual(['move-a.mov', 'move-b.mov', 'move-c.mov']);

    await queueRow(page, 'move-c.mov').locator('[data-testid="btn-move-top"]').click();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="job-row"] [data-testid="job-name"]')?.textContent ===
        'move-c.mov',
    );
    // Rows are placed by transform; their DOM order is not their screen order, so sort by position.
    const onScreen = await page.$$eval('[data-testid="job-row"]', (rows) =>
      rows
        .map((r) => ({
          y: r.getBoundingClientRect().top,
          name: r.querySelector('[data-testid="job-name"]')?.textContent,
        }))
        .sort((a, b) => a.y - b.y)
        .map((r) => r.name),
    );
    expect(onScreen).toEqual(['move-c.mov', 'move-a.mov', 'move-b.mov']);
    expect(await queueOrder()).toEqual(['move-c.mov', 'move-a.mov', 'move-b.mov']);
  }, 120_000);

  it('the concurrency control changes how many jobs the service runs at once', async () => {
    const { page } = await openPage();
    await waitLive(page);
    const input = byTestId(page, 'concurrency-input');
    await expect(input.inputValue()).resolves.toBe('1');
    await input.fill('3');
    await input.press('Enter');
    await eventually(
      async () => (await server.api.get<QueueView>('/queue')).concurrency === 3,
      'concurrency 3',
    );
    // The page follows the service (its event), and a fresh page shows it too.
    await page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('[data-testid="concurrency-input"]')?.value === '3',
    );
    const fresh = await openPage();
    await waitLive(fresh.page);
    await expect(byTestId(fresh.page, 'concurrency-input').inputValue()).resolves.toBe('3');
    await input.fill('1');
    await input.press('Enter');
    await eventually(
      async () => (await server.api.get<QueueView>('/queue')).concurrency === 1,
      'concurrency 1',
    );
  }, 120_000);

  it('Retry on a failed job in History runs it again', async () => {
    const job = await failingJob('retry-one.mov');
    const { page } = await openPage();
    await waitLive(page);
    await openView(page, 'history');
    const row = historyRow(page, 'retry-one.mov');
    await row.locator('[data-testid="job-status"]', { hasText: 'failed' }).waitFor();
    await repair(job);
    await row.locator('[data-testid="btn-retry"]').click();
    await eventually(
      async () => (await statusOf(job.id)) === 'completed',
      'the retried job to complete',
      120_000,
    );
    expect((await server.api.job(job.id)).attempts).toBe(2);
    // History reloads by itself when the job finishes again.
    await row.locator('[data-testid="job-status"]', { hasText: 'completed' }).waitFor({ timeout: 60_000 });
  }, 180_000);

  it('Retry all failed runs every failed job again', async () => {
    const jobs = [await failingJob('retry-all-1.mov'), await failingJob('retry-all-2.mov')];
    const { page } = await openPage();
    await waitLive(page);
    await openView(page, 'history');
    await historyRow(page, 'retry-all-2.mov').waitFor();
    for (const job of jobs) await repair(job);
    await byTestId(page, 'btn-retry-all-failed').click();
    for (const job of jobs) {
      await eventually(
        async () => (await statusOf(job.id)) === 'completed',
        `${job.id} to complete`,
        120_000,
      );
    }
    await byTestId(page, 'history-status-filter').selectOption('failed');
    await page.waitForFunction(
      () =>
        ![...document.querySelectorAll('[data-testid="history-row"]')].some((r) =>
          r.textContent?.includes('retry-all'),
        ),
    );
  }, 240_000);
});
