import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobView } from '../../src/service/types.ts';
import { seriousViolations } from './helpers/axe.ts';
import { byTestId, eventually, historyRow, openView, waitLive } from './helpers/dashboard.ts';
import { useBrowser } from './helpers/page.ts';
import { type E2eServer, startE2eServer } from './helpers/server.ts';
import { describeBrowser } from './helpers/suite.ts';

// Files named *normalised* go to a profile that normalises to −23 LUFS; the rest to live-qlab, which has no target.
const WATCH_RULES = `    rules:
      - pattern: "*normalised*"
        profile: loud-qlab
`;
const PROFILES = `profiles:
  - name: loud-qlab
    description: QLab ProRes Proxy, normalised to EBU R128
    container: mov
    video: { codec: prores_ks, prores_profile: proxy, pixel_format: yuv422p10le }
    audio: { codec: pcm_s24le, sample_rate: 48000 }
    loudness: { target_lufs: -23 }
`;

describeBrowser('dashboard: loudness in job detail', () => {
  let server: E2eServer;
  beforeAll(async () => {
    server = await startE2eServer({ watchYaml: WATCH_RULES, extraYaml: PROFILES });
    await mkdir(server.outputDir, { recursive: true });
    await server.drop('walk-in.mov', { seconds: 2, width: 320, height: 180 });
    await server.drop('sting-normalised.mov', { seconds: 2, width: 320, height: 180 });
    await eventually(
      async () =>
        (await server.api.get<{ items: JobView[] }>('/history?status=completed')).items.length === 2,
      'two completed jobs',
      120_000,
    );
  }, 240_000);
  afterAll(async () => {
    await server?.cleanup();
  });
  const openPage = useBrowser(() => server.url());

  async function openDetail(name: string) {
    // Tall enough that the job's header and the Loudness panel are on one screenshot.
    const opened = await openPage({ viewport: { width: 1280, height: 1500 } });
    const { page } = opened;
    await waitLive(page);
    await openView(page, 'history');
    await historyRow(page, name).locator('.job-name').click();
    await byTestId(page, 'loudness-track').first().waitFor();
    return page;
  }

  it('a job whose profile sets no loudness: the output’s figures, no target', async () => {
    const page = await openDetail('walk-in.mov');
    await expect(byTestId(page, 'loudness-target').textContent()).resolves.toBe(
      'No target in the profile: measured only, not normalised.',
    );
    const integrated = await byTestId(page, 'loudness-integrated').first().textContent();
    expect(integrated).toMatch(/^-\d+\.\d LUFS$/);
    await expect(byTestId(page, 'loudness-peak').first().textContent()).resolves.toMatch(/^-?\d+\.\d dBTP$/);
    await expect(byTestId(page, 'loudness-lra').first().textContent()).resolves.toMatch(/^\d+\.\d LU$/);
    expect(await byTestId(page, 'loudness-off').count()).toBe(0);
    // The page shows what the API holds.
    const jobs = await server.api.get<{ items: JobView[] }>('/history?status=completed');
    const job = jobs.items.find((j) => j.source.path.endsWith('walk-in.mov'))!;
    const lufs = job.result!.loudness!.streams[0].output!.integratedLufs!;
    expect(integrated).toBe(`${lufs.toFixed(1)} LUFS`);
    const shots = process.env.BVP_LOUDNESS_SHOTS;
    if (shots) await page.screenshot({ path: `${shots}/job-detail-measured.png` });
  }, 120_000);

  it('a normalised job: the target beside the figures, within 1 LU, and the source’s loudness', async () => {
    const page = await openDetail('sting-normalised.mov');
    await expect(byTestId(page, 'loudness-target').textContent()).resolves.toMatch(
      /^Target -23\.0 LUFS, true peak ≤ -1\.0 dBTP: normalised /,
    );
    const integrated = Number.parseFloat(
      (await byTestId(page, 'loudness-integrated').first().textContent())!,
    );
    expect(Math.abs(integrated + 23)).toBeLessThanOrEqual(1);
    const off = byTestId(page, 'loudness-off').first();
    await expect(off.textContent()).resolves.toMatch(/^[+-]?\d\.\d LU$/);
    await expect(off.getAttribute('class')).resolves.toBe('ok-text');
    // The generated tone went in at about −20 LUFS: the source column shows the first pass's figure.
    await expect(byTestId(page, 'loudness-source').first().textContent()).resolves.toMatch(/^-\d+\.\d LUFS$/);
    expect(await seriousViolations(page)).toEqual([]);
    const shots = process.env.BVP_LOUDNESS_SHOTS;
    if (shots) await page.screenshot({ path: `${shots}/job-detail-normalised.png` });
  }, 120_000);
});
