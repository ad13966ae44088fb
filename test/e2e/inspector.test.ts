import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { QueueView } from '../../src/service/types.ts';
import { seriousViolations } from './helpers/axe.ts';
import { byTestId, eventually, waitLive } from './helpers/dashboard.ts';
import { requested, useBrowser } from './helpers/page.ts';
import { type E2eServer, startE2eServer } from './helpers/server.ts';
import { describeBrowser } from './helpers/suite.ts';

interface NodeJson {
  id: string;
  states?: Record<string, NodeJson>;
}
const stateIds = (node: NodeJson): string[] => [
  node.id,
  ...Object.values(node.states ?? {}).flatMap(stateIds),
];

/** Screenshots land here (outside the repository), for a person to look at. */
const SHOTS = process.env.BVP_SCREENSHOTS ?? path.join(tmpdir(), 'bvp-inspector-screenshots');

const activeStates = (page: Page): Promise<string[]> =>
  page.$$eval('[data-testid="chart-state"][data-active="true"]', (els) =>
    els.map((e) => e.getAttribute('data-state-id') ?? ''),
  );

/** Waits until the highlighted states are exactly `ids` (a state and its parents). */
async function waitActive(page: Page, ids: string[], timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const got = [...document.querySelectorAll('[data-testid="chart-state"][data-active="true"]')]
        .map((e) => e.getAttribute('data-state-id'))
        .sort();
      return JSON.stringify(got) === JSON.stringify([...want].sort());
    },
    ids,
    { timeout },
  );
}

/** No two edge labels, and no edge label and state name, overlap (what makes a chart unreadable). */
async function overlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const boxes = [
      ...document.querySelectorAll('[data-testid="chart-edge-label"] rect, .machine-chart .state-name'),
    ].map((el) => ({ text: el.parentElement?.textContent ?? '', r: el.getBoundingClientRect() }));
    const out: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!.r;
        const b = boxes[j]!.r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1 && h > 1) out.push(`${boxes[i]!.text} × ${boxes[j]!.text}`);
      }
    return out;
  });
}

describeBrowser('dashboard: the state-chart inspector', () => {
  let server: E2eServer;
  beforeAll(async () => {
    server = await startE2eServer();
    await mkdir(SHOTS, { recursive: true });
  });
  afterAll(() => server?.cleanup());
  const openPage = useBrowser(() => server.url());

  it('draws every state of the job, queue and intake charts without overlapping labels, in both themes', async () => {
    const { machines } = await server.api.get<{ machines: { name: string; definition: NodeJson }[] }>(
      '/machines',
    );
    const { page } = await openPage({ path: '/#/inspector', viewport: { width: 1280, height: 900 } });
    await waitLive(page);
    for (const theme of ['dark', 'light']) {
      if (theme === 'light') await byTestId(page, 'btn-theme').click();
      for (const name of ['job', 'queue', 'intake']) {
        await byTestId(page, `inspector-tab-${name}`).click();
        const chart = page.locator(`[data-testid="inspector-chart"][data-machine="${name}"]`);
        await chart.waitFor({ timeout: 60_000 });
        const want = stateIds(machines.find((m) => m.name === name)!.definition).sort();
        const drawn = await chart
          .locator('[data-testid="chart-state"]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-state-id') ?? ''));
        expect(drawn.sort()).toEqual(want);
        expect(await overlaps(page), `${name}: overlapping labels`).toEqual([]);
        // The chart fits the window's width (scaled down if it must be, never cut off).
        const box = await chart.boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(1280);
        await page.screenshot({ path: path.join(SHOTS, `inspector-${name}-${theme}.png`) });
      }
      expect(await seriousViolations(page), `${theme} theme`).toEqual([]);
    }
    // A narrower window: the chart shrinks at most to 80 % (its text stays readable), then its frame scrolls.
    await page.setViewportSize({ width: 1024, height: 768 });
    await byTestId(page, 'inspector-tab-job').click();
    const job = page.locator('[data-testid="inspector-chart"][data-machine="job"]');
    const scale = await job.evaluate(
      (svg) => svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width,
    );
    expect(scale).toBeGreaterThanOrEqual(0.79);
    await page.screenshot({ path: path.join(SHOTS, 'inspector-job-1024.png') });
  });

  it("highlights a running job's state as it moves, and an earlier event shows the earlier state", async () => {
    await server.api.post('/queue/pause');
    await server.drop('inspect-me.mov', { seconds: 30, width: 320, height: 180 });
    let id = '';
    await eventually(async () => {
      const { jobs } = await server.api.get<QueueView>('/queue');
      id = jobs.find((j) => j.source.path.endsWith('inspect-me.mov'))?.id ?? '';
      return id !== '';
    }, 'the dropped clip to be queued');

    // Opened on that job by its address (what a link from elsewhere in the dashboard does).
    const { page } = await openPage({ path: `/#/inspector/${id}`, viewport: { width: 1280, height: 900 } });
    await waitLive(page);
    await page.locator('[data-testid="inspector-chart"][data-machine="job"]').waitFor({ timeout: 60_000 });
    expect(await byTestId(page, 'inspector-job').inputValue()).toBe(id);
    await page.locator('[data-testid="inspector-link"][data-state="live"]').waitFor();
    await waitActive(page, ['job', 'job.pending']);

    await server.api.post('/queue/resume');
    await waitActive(page, ['job', 'job.active', 'job.active.running']);
    await server.api.post(`/jobs/${id}/pause`);
    await waitActive(page, ['job', 'job.active', 'job.active.paused']);
    await page.screenshot({ path: path.join(SHOTS, 'inspector-job-paused.png'), fullPage: true });

    // Time travel: the START step shows the job running, though it is paused now.
    const start = page.locator('[data-testid="inspector-event"][data-event-type="START"]');
    await start.click();
    await waitActive(page, ['job', 'job.active', 'job.active.running']);
    expect(await byTestId(page, 'inspector-value').getAttribute('data-value')).toBe('active.running');
    expect(await byTestId(page, 'inspector-payload').textContent()).toContain('"type": "START"');
    // The context after the event, with the source's folders taken out.
    const context = (await byTestId(page, 'inspector-context').textContent()) ?? '';
    expect(context).toContain('inspect-me.mov');
    expect(context).not.toContain(server.watchDir);
    await page.screenshot({ path: path.join(SHOTS, 'inspector-job-time-travel.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await byTestId(page, 'inspector-live').click();
    await waitActive(page, ['job', 'job.active', 'job.active.paused']);

    // The queue's chart shows the queue running, live.
    await byTestId(page, 'inspector-tab-queue').click();
    await waitActive(page, ['queue', 'queue.running']);
    await server.api.post('/queue/pause');
    await waitActive(page, ['queue', 'queue.paused']);
    expect(await activeStates(page)).not.toContain('queue.running');
    await server.api.post('/queue/resume');
    await server.api.post(`/jobs/${id}/cancel`);
  });
});

describeBrowser('dashboard: the inspector on a server with api.token', () => {
  const TOKEN = 'e2e-inspector-token-7d2c9e41a0b8';
  let server: E2eServer;
  beforeAll(async () => {
    server = await startE2eServer({ token: TOKEN });
  });
  afterAll(() => server?.cleanup());
  const openPage = useBrowser(() => server.url());

  it('loads the charts and follows the queue once the token is entered, through a ticket', async () => {
    const opened = await openPage({ path: '/#/inspector' });
    const { page } = opened;
    await byTestId(page, 'token-dialog').waitFor({ state: 'visible' });
    await byTestId(page, 'token-input').fill(TOKEN);
    await byTestId(page, 'btn-token-submit').click();
    await waitLive(page);
    await page.locator('[data-testid="inspector-link"][data-state="live"]').waitFor({ timeout: 30_000 });
    await byTestId(page, 'inspector-tab-queue').click();
    await page.locator('[data-testid="inspector-chart"][data-machine="queue"]').waitFor({ timeout: 60_000 });
    await waitActive(page, ['queue', 'queue.running']);
    await server.api.post('/queue/pause');
    await waitActive(page, ['queue', 'queue.paused']);
    expect(requested(opened, /\/api\/v1\/inspect\?.*ticket=/).length).toBeGreaterThan(0);
    expect(opened.requests.filter((u) => u.includes(TOKEN))).toEqual([]);
  });
});
