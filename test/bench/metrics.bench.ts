/**
 * Issue 12: GET /metrics scrape time over real HTTP with 10,000 jobs in the store (the per-status gauge counts them
 * again only after a status-changing store call; every store call is timed into a histogram). Target p99 < 20 ms,
 * like the REST reads. A second figure forces a recount before every scrape (what a scrape costs while jobs move).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JobStatus } from '../../machines/types.ts';
import { loadConfig } from '../../src/config/index.ts';
import { createApp } from '../../src/http/app.ts';
import { createMetrics } from '../../src/metrics/metrics.ts';
import { startHttpServer } from '../../src/runtime/node.ts';
import { createService } from '../../src/service/service.ts';
import { openStore } from '../../src/store/index.ts';
import { VERSION } from '../../src/version.ts';
import { type BenchResult, resultOf, runIfMain } from './bench-result.ts';
import { record } from './http-rest.bench.ts';

const JOBS = 10_000;
const ACTIVE = 100;
const SAMPLES = 300;
const FINISHED: JobStatus[] = ['completed', 'failed', 'cancelled'];

export async function run(): Promise<BenchResult[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bvp-metrics-bench-'));
  await mkdir(path.join(dir, 'data'), { recursive: true });
  await mkdir(path.join(dir, 'watch'));
  await writeFile(
    path.join(dir, 'bvp.yaml'),
    'watch:\n  - path: ./watch\n    profile: live-qlab\noutput: ./output\ndata: ./data\n',
  );
  const config = await loadConfig(path.join(dir, 'bvp.yaml'));
  const storePath = path.join(dir, 'data', 'bvp.db');
  const seed = openStore(storePath, { synchronous: 'normal' });
  for (let i = 0; i < JOBS; i++) seed.insertJob(record(i, i < ACTIVE ? 'paused' : FINISHED[i % 3]!));
  seed.close();

  const metrics = createMetrics();
  const service = createService({
    storePath,
    ffmpeg: 'ffmpeg',
    ffprobe: 'ffprobe',
    synchronous: 'normal',
    instrumentStore: metrics.instrumentStore,
  });
  metrics.attach(service);
  const server = await startHttpServer({
    port: 0,
    factory: (upgradeWebSocket) =>
      createApp({
        service,
        config: () => config,
        version: VERSION,
        health: () => ({}),
        upgradeWebSocket,
        metrics,
        log: () => {},
      }),
  });
  try {
    // Store traffic first, so the store histogram has series to render (as it would after a day of work).
    for (let i = 0; i < 200; i++) service.history({ limit: 50 });
    let bytes = 0;
    const scrapes = async (between: (i: number) => void): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < SAMPLES + 30; i++) {
        between(i);
        const start = performance.now();
        const res = await fetch(`${server.url}/metrics`);
        const text = await res.text();
        const elapsed = performance.now() - start;
        if (res.status !== 200) throw new Error(`/metrics: ${res.status} ${text.slice(0, 200)}`);
        if (i < 30) continue;
        times.push(elapsed);
        bytes = text.length;
      }
      return times;
    };
    const times = await scrapes(() => {});
    // A status-changing store write before every scrape (a priority change is a recorded transition): each scrape
    // then counts the jobs again, which is what a scrape costs while jobs keep moving.
    const busy = await scrapes((i) =>
      service.setPriority(`job-${String(i % ACTIVE).padStart(5, '0')}`, i % 7),
    );
    return [
      resultOf(
        {
          id: 'metrics.scrape',
          issue: 12,
          name: 'GET /metrics with 10,000 jobs in the store',
          unit: 'ms',
          target: { stat: 'p99', op: '<', value: 20 },
          note: `${SAMPLES} sequential scrapes over HTTP after 30 warm-up ones; ${JOBS} jobs (${ACTIVE} paused, the rest finished); ${bytes} bytes per scrape.`,
        },
        times,
      ),
      resultOf(
        {
          id: 'metrics.scrape.recount',
          issue: 12,
          name: 'GET /metrics with 10,000 jobs, a job transition before each scrape (counts read again)',
          unit: 'ms',
          target: null,
          note: 'As metrics.scrape, with one recorded transition (a priority change) before each scrape, so every scrape runs the grouped COUNT; the transition itself is not timed.',
        },
        busy,
      ),
    ];
  } finally {
    await server.close();
    await service.stop({ graceSeconds: 0 });
    metrics.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await runIfMain(import.meta.url, run);
