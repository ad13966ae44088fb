import { chmod, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobView } from '../../src/service/types.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';
import { seriousViolations } from './helpers/axe.ts';
import { byTestId, eventually, historyRow, openView, waitLive } from './helpers/dashboard.ts';
import { useBrowser } from './helpers/page.ts';
import { type E2eServer, startE2eServer } from './helpers/server.ts';
import { describeBrowser } from './helpers/suite.ts';

/**
 * Real ffmpeg, except for sources named `*truncated*`: their output is cut to half a second while ffmpeg still exits
 * 0 (an encoder or disk that silently gives up early), which only verification can catch.
 */
const TRUNCATING_FFMPEG = `#!/bin/bash
args=("$@")
out="\${args[-1]}"
unset 'args[-1]'
case "$*" in
  *truncated*) exec ffmpeg "\${args[@]}" -t 0.5 "$out" ;;
  *) exec ffmpeg "$@" ;;
esac
`;

describeBrowser('dashboard: job detail', () => {
  let server: E2eServer;
  let tools: TempDir;
  beforeAll(async () => {
    tools = await makeTempDir('bvp-e2e-ffmpeg-');
    const ffmpeg = tools.join('ffmpeg.sh');
    await writeFile(ffmpeg, TRUNCATING_FFMPEG);
    await chmod(ffmpeg, 0o755);
    server = await startE2eServer({ extraYaml: `ffmpeg:\n  ffmpeg: ${ffmpeg}\n` });
    await server.drop('keynote-walk-in.mov', { seconds: 2, width: 320, height: 180, fps: '25' });
    await server.drop('truncated-sting.mov', { seconds: 2, width: 320, height: 180 });
    await eventually(
      async () =>
        (await server.api.get<{ items: JobView[] }>('/history?status=completed,failed')).items.length === 2,
      'one completed and one failed job',
      120_000,
    );
  }, 240_000);
  afterAll(async () => {
    await server?.cleanup();
    await tools?.cleanup();
  });
  const openPage = useBrowser(() => server.url());

  it('shows every verification check of a completed job with what it expected and found, and the source media', async () => {
    const { page } = await openPage();
    await waitLive(page);
    await openView(page, 'history');
    await historyRow(page, 'keynote-walk-in.mov').locator('.job-name').click();
    await byTestId(page, 'job-detail').waitFor();
    await expect(byTestId(page, 'verify-summary').textContent()).resolves.toMatch(/^All \d+ checks passed$/);
    const checks = byTestId(page, 'verify-check');
    expect(await checks.count()).toBeGreaterThan(3);
    expect(await checks.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ok')))).not.toContain(
      'false',
    );
    const duration = checks.filter({ hasText: 'duration' });
    // Check, expected, actual, result: the actual duration is the output's, about 2 s.
    await expect(duration.locator('td').nth(2).textContent()).resolves.toMatch(/2(\.\d+)?/);

    await expect(byTestId(page, 'media-container').textContent()).resolves.toContain('mov');
    await expect(byTestId(page, 'media-duration').textContent()).resolves.toBe('2s');
    await expect(byTestId(page, 'media-video').textContent()).resolves.toMatch(/mpeg4 .*320×180 · 25 fps/);
    await expect(byTestId(page, 'media-audio').textContent()).resolves.toMatch(/48(\.0)? kHz · 2 ch/);
    await expect(byTestId(page, 'media-size').textContent()).resolves.toMatch(/KB|MB/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: process.env.BVP_DETAIL_SHOT ?? tools.join('detail.png'), fullPage: true });
  }, 120_000);

  it('shows which checks a failed verification failed, the passed ones beside them, and the source media', async () => {
    const { page } = await openPage();
    await waitLive(page);
    await openView(page, 'history');
    await historyRow(page, 'truncated-sting.mov').locator('.job-name').click();
    await byTestId(page, 'job-detail').waitFor();
    await expect(byTestId(page, 'job-status').first().textContent()).resolves.toBe('failed');
    await expect(byTestId(page, 'verify-summary').textContent()).resolves.toMatch(
      /^\d+ of \d+ checks failed$/,
    );
    const failed = byTestId(page, 'verify-check').and(page.locator('[data-ok="false"]'));
    await expect(failed.filter({ hasText: 'duration' }).count()).resolves.toBe(1);
    expect(
      await byTestId(page, 'verify-check').and(page.locator('[data-ok="true"]')).count(),
    ).toBeGreaterThan(0);
    // Kept across the store: the checks come back from the job's record, not from the page's memory.
    await page.reload();
    await byTestId(page, 'job-detail').waitFor();
    await expect(
      byTestId(page, 'verify-check').and(page.locator('[data-ok="false"]')).count(),
    ).resolves.toBeGreaterThan(0);
    await expect(byTestId(page, 'media-video').textContent()).resolves.toContain('320×180');
  }, 120_000);
});
