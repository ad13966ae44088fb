/**
 * The web dashboard in headless Chromium (Debian's, through playwright-core, as the browser tests drive it):
 * - what the page's JS and CSS weigh on the wire (gzip; target ≤ 100 KB);
 * - time to the first full render of a queue of 10,000 jobs (target < 1.5 s);
 * - the longest main-thread task while 4 jobs stream progress into that page (target < 50 ms).
 * The 10,000 jobs are seeded into the store as paused jobs (in dispatch order, like queued ones, but never started),
 * so filling takes a second and nothing but the 4 real encodes runs. Poster-frame cost has its own bench
 * (poster.bench.ts). Run: `npx tsx test/bench/dashboard.bench.ts`, or `npm run bench dashboard`.
 */
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import type { JobRecord } from '../../machines/types.ts';
import { BUILTIN_PROFILE_INPUTS } from '../../src/profiles/catalogue.ts';
import { ProfileSchema } from '../../src/profiles/schema.ts';
import { openStore } from '../../src/store/index.ts';
import { launchChromium } from '../e2e/helpers/chromium.ts';
import { makeClip } from '../helpers/clips.ts';
import { type BenchResult, resultOf, round, runIfMain } from './bench-result.ts';
import { startBenchServer } from './http-bench-setup.ts';

const JOBS = 10_000;
const RENDER_SAMPLES = 5;
const STREAMING = 4;
const profile = v.parse(ProfileSchema, BUILTIN_PROFILE_INPUTS[0]);

function pausedJob(i: number): JobRecord {
  return {
    id: `job-${String(i).padStart(5, '0')}`,
    source: {
      path: `/shows/opening-night/in/cue-${i}.mov`,
      size: 500_000_000 + i,
      mtimeMs: 1_700_000_000_000 + i,
    },
    outputPath: `/shows/opening-night/out/cue-${i}.mov`,
    profile,
    overrides: {},
    priority: 0,
    sourceAction: { kind: 'keep' },
    collision: 'suffix',
    verify: true,
    origin: 'rule:masters',
    createdAt: 1_000_000 + i,
    status: 'paused',
    attempts: 0,
    progress: null,
    error: null,
    result: null,
    startedAt: null,
    finishedAt: null,
    updatedAt: 1_000_000 + i,
  };
}

/** In the page: resolves with performance.now() once the queue shows rows and the header counts every job. */
const FULL_RENDER = (jobs: number) => {
  const rows = document.querySelectorAll('[data-testid="job-row"]').length;
  const count = document.querySelector('[data-testid="count-paused"] .count-n')?.textContent?.trim();
  return rows > 0 && count === String(jobs) ? performance.now() : false;
};

export async function run(): Promise<BenchResult[]> {
  const bench = await startBenchServer({
    concurrency: STREAMING,
    seed: (file) => {
      const store = openStore(file, { synchronous: 'normal' });
      for (let i = 0; i < JOBS; i++) store.insertJob(pausedJob(i));
      store.close();
    },
  });
  const browser = await launchChromium();
  try {
    const url = `${bench.server.url}/`;
    // The first request builds the bundle (or reads its cache): not part of any figure.
    await (await fetch(url)).text();

    const wire: number[] = [];
    const renders: number[] = [];
    for (let i = 0; i < RENDER_SAMPLES; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const assets: Promise<number>[] = [];
      page.on('requestfinished', (request) => {
        if (/\/assets\/.+\.(js|css)$/.test(request.url())) {
          assets.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
        }
      });
      await page.goto(url);
      const handle = await page.waitForFunction(FULL_RENDER, JOBS, { polling: 'raf', timeout: 60_000 });
      renders.push((await handle.jsonValue()) as number);
      wire.push((await Promise.all(assets)).reduce((a, b) => a + b, 0) / 1024);
      await context.close();
    }

    // 4 real encodes stream progress into a page that holds the 10,000 jobs.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(FULL_RENDER, JOBS, { polling: 'raf', timeout: 60_000 });
    await page.evaluate(() => {
      const tasks: number[] = [];
      (window as unknown as { __tasks: number[] }).__tasks = tasks;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push(entry.duration);
      }).observe({ type: 'longtask' });
    });
    const master = await makeClip(path.join(bench.dir, 'master.mov'), {
      seconds: 12,
      width: 640,
      height: 360,
    });
    let progressEvents = 0;
    let left = STREAMING;
    const done = new Promise<void>((resolve) => {
      bench.service.subscribe((event) => {
        if (event.type === 'job.progress') progressEvents++;
        if ((event.type === 'job.completed' || event.type === 'job.failed') && --left === 0) resolve();
      });
    });
    for (let i = 0; i < STREAMING; i++) {
      const source = path.join(bench.dir, 'watch', `cue-${i}.mov`);
      await copyFile(master, source);
      await bench.service.submit({ source, profile: 'live-qlab', origin: 'bench' });
    }
    await done;
    // Let the last events reach the page and render.
    await page.waitForTimeout(500);
    const tasks = await page.evaluate(() => (window as unknown as { __tasks: number[] }).__tasks);
    await context.close();

    const longest = tasks.length === 0 ? 0 : Math.max(...tasks);
    return [
      resultOf(
        {
          id: 'dashboard.assets-gzip',
          issue: 11,
          name: "Transferred size of the page's JS + CSS (gzip, headers included)",
          unit: 'KB',
          target: { stat: 'median', op: '<=', value: 100 },
          note: 'Chromium asks with Accept-Encoding; the server sends the gzip it built with the bundle.',
        },
        wire,
      ),
      resultOf(
        {
          id: 'dashboard.render-10k',
          issue: 11,
          name: 'First full render with 10,000 queued jobs (navigation start → rows and counts on screen)',
          unit: 'ms',
          target: { stat: 'median', op: '<', value: 1500 },
          note: `${RENDER_SAMPLES} fresh browser contexts; the bundle was built before the first.`,
        },
        renders,
      ),
      {
        id: 'dashboard.longtask-streaming',
        issue: 11,
        name: 'Longest main-thread task while 4 jobs stream progress into a page holding 10,000 jobs',
        unit: 'ms',
        median: round(longest),
        p99: null,
        samples: 1,
        target: { stat: 'median', op: '<', value: 50 },
        pass: longest < 50,
        note: `PerformanceObserver "longtask" (reports tasks of 50 ms and more; 0 = none) over ${progressEvents} progress events; ${tasks.length} long task(s).`,
      },
    ];
  } finally {
    await browser.close();
    await bench.close();
  }
}

await runIfMain(import.meta.url, run);
