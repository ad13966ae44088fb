/**
 * Store benchmark: boot restore on a 10,000-job store (target < 2 s) and the cost of one durable transition.
 * Run directly (`npx tsx test/bench/store.bench.ts`) or import `runStoreBench` from a bench runner.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as v from 'valibot';
import type { JobRecord, JobStatus } from '../../machines/types.ts';
import { BUILTIN_PROFILE_INPUTS } from '../../src/profiles/catalogue.ts';
import { ProfileSchema } from '../../src/profiles/schema.ts';
import { openStore } from '../../src/store/index.ts';

export interface StoreBenchResult {
  jobs: number;
  buildMs: number;
  openMs: number;
  listActiveMs: number;
  recoverMs: number;
  bootMs: number;
  transitionFullMs: number;
  transitionNormalMs: number;
  fileBytes: number;
}

const profile = v.parse(ProfileSchema, BUILTIN_PROFILE_INPUTS[3]);

function job(i: number, status: JobStatus): JobRecord {
  return {
    id: `job-${i}`,
    source: {
      path: `/shows/opening-night/in/cue-${i}.mov`,
      size: 500_000_000 + i,
      mtimeMs: 1_700_000_000_000 + i,
    },
    outputPath: `/shows/opening-night/out/cue-${i}.mp4`,
    profile,
    overrides: {},
    priority: i % 5,
    sourceAction: { kind: 'keep' },
    collision: 'suffix',
    verify: true,
    origin: 'rule:masters',
    createdAt: 1_000 + i,
    status,
    attempts: 0,
    progress: null,
    error: null,
    result: null,
    startedAt: null,
    finishedAt: null,
    updatedAt: 1_000 + i,
  };
}

const ms = (start: number): number => Math.round((performance.now() - start) * 100) / 100;

/** Median wall time of `n` single-transition transactions at the given synchronous level. */
function transitionCost(file: string, synchronous: 'full' | 'normal', n = 200): number {
  const store = openStore(file, { synchronous });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    store.recordTransition('job-0', { priority: i }, { type: 'priority', data: { to: i } });
    times.push(performance.now() - start);
  }
  store.close();
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(n / 2)] * 1000) / 1000;
}

export async function runStoreBench(jobs = 10_000): Promise<StoreBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bvp-store-bench-'));
  const file = path.join(dir, 'bvp.db');
  try {
    let start = performance.now();
    const builder = openStore(file, { synchronous: 'normal' });
    for (let i = 0; i < jobs; i++) {
      builder.insertJob(job(i, 'pending'));
      if (i % 1000 === 1)
        builder.recordTransition(
          `job-${i}`,
          { status: 'running', tempPath: `/nowhere/.${i}.tmp` },
          { type: 'started' },
        );
      else if (i % 10 === 2) builder.recordTransition(`job-${i}`, { status: 'paused' }, { type: 'paused' });
    }
    builder.close();
    const buildMs = ms(start);

    // Boot as the service does it: open with production settings, recover, hand the queue back.
    start = performance.now();
    const store = openStore(file);
    const openMs = ms(start);
    start = performance.now();
    const active = store.listActive();
    const listActiveMs = ms(start);
    start = performance.now();
    const report = store.recover({ now: Date.now(), removeFile: () => {} });
    const recoverMs = ms(start);
    if (active.length !== jobs || report.restored.length !== jobs)
      throw new Error('bench store is incomplete');
    store.close();
    const { statSync } = await import('node:fs');
    return {
      jobs,
      buildMs,
      openMs,
      listActiveMs,
      recoverMs,
      bootMs: Math.round((openMs + recoverMs) * 100) / 100,
      transitionFullMs: transitionCost(file, 'full'),
      transitionNormalMs: transitionCost(file, 'normal'),
      fileBytes: statSync(file).size,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runStoreBench();
  console.log(JSON.stringify(result, null, 2));
  console.log(result.bootMs < 2000 ? 'boot restore within 2 s' : 'boot restore OVER the 2 s target');
}
