/**
 * REST latency with 10,000 jobs in the store: GET /queue and GET /history p50/p99 over real HTTP (target p99 < 20 ms).
 * Run: `npx tsx test/bench/http-rest.bench.ts` (or import runHttpRestBench).
 */
import { pathToFileURL } from 'node:url';
import * as v from 'valibot';
import type { JobRecord, JobStatus } from '../../machines/types.ts';
import { BUILTIN_PROFILE_INPUTS } from '../../src/profiles/catalogue.ts';
import { ProfileSchema } from '../../src/profiles/schema.ts';
import { openStore } from '../../src/store/index.ts';
import { percentile, startBenchServer } from './http-bench-setup.ts';

const profile = v.parse(ProfileSchema, BUILTIN_PROFILE_INPUTS[0]);
const FINISHED: JobStatus[] = ['completed', 'failed', 'cancelled'];

function record(i: number, status: JobStatus): JobRecord {
  const finished = FINISHED.includes(status);
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
    priority: i % 5,
    sourceAction: { kind: 'keep' },
    collision: 'suffix',
    verify: true,
    origin: 'rule:masters',
    createdAt: 1_000_000 + i,
    status,
    attempts: 1,
    progress: null,
    error: status === 'failed' ? { code: 'ffmpeg.failed', message: 'exit 1', stderrTail: ['boom'] } : null,
    result: null,
    startedAt: finished ? 1_000_500 + i : null,
    finishedAt: finished ? 1_001_000 + i : null,
    updatedAt: 1_001_000 + i,
  };
}

export interface RestBenchRow {
  request: string;
  items: number;
  bytes: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The same query on the service, in process, without HTTP: what the HTTP layer adds is the difference. */
  serviceP50Ms: number;
  serviceP99Ms: number;
}

function timed(samples: number, fn: () => unknown): number[] {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

export async function runHttpRestBench(jobs = 10_000, active = 100, samples = 500): Promise<RestBenchRow[]> {
  const bench = await startBenchServer({
    // Active jobs are seeded paused, so nothing is dispatched while we measure.
    seed: (file) => {
      const store = openStore(file, { synchronous: 'normal' });
      for (let i = 0; i < jobs; i++) store.insertJob(record(i, i < active ? 'paused' : FINISHED[i % 3]));
      store.close();
    },
  });
  try {
    const rows: RestBenchRow[] = [];
    const { service } = bench;
    const cases: [string, () => unknown][] = [
      ['/api/v1/queue', () => JSON.stringify(service.queue())],
      ['/api/v1/history', () => JSON.stringify(service.history({}))],
      ['/api/v1/history?limit=500', () => JSON.stringify(service.history({ limit: 500 }))],
      [
        '/api/v1/history?status=failed&q=cue-77',
        () => JSON.stringify(service.history({ status: ['failed'], q: 'cue-77' })),
      ],
      ['/api/v1/status', () => JSON.stringify(service.status())],
    ];
    for (const [url] of cases) {
      let items = 0;
      let bytes = 0;
      const times: number[] = [];
      for (let i = 0; i < samples + 50; i++) {
        const start = performance.now();
        const res = await fetch(`${bench.server.url}${url}`);
        const text = await res.text();
        const elapsed = performance.now() - start;
        if (res.status !== 200) throw new Error(`${url}: ${res.status} ${text.slice(0, 200)}`);
        if (i < 50) continue; // warm-up
        times.push(elapsed);
        bytes = text.length;
        const body = JSON.parse(text) as { jobs?: unknown[]; items?: unknown[] };
        items = (body.jobs ?? body.items ?? []).length;
      }
      times.sort((a, b) => a - b);
      rows.push({
        request: `GET ${url}`,
        items,
        bytes,
        p50Ms: percentile(times, 50),
        p99Ms: percentile(times, 99),
        maxMs: percentile(times, 100),
        serviceP50Ms: 0,
        serviceP99Ms: 0,
      });
    }
    // In-process timings last: their long synchronous stretches would outlast the HTTP keep-alive.
    cases.forEach(([, direct], i) => {
      const directTimes = timed(samples, direct);
      rows[i].serviceP50Ms = percentile(directTimes, 50);
      rows[i].serviceP99Ms = percentile(directTimes, 99);
    });
    return rows;
  } finally {
    await bench.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await runHttpRestBench();
  console.table(rows);
  const worst = Math.max(...rows.map((r) => r.p99Ms));
  console.log(worst < 20 ? `p99 within 20 ms (worst ${worst} ms)` : `p99 OVER 20 ms (worst ${worst} ms)`);
}
