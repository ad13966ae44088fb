/**
 * Boot restore of a 10,000-job store through createService: from the call until the queue holds every job
 * (issue 3 target < 2 s). The same store also gives two service-level figures the queue bench cannot: a CANCEL
 * that includes its durable write, and building the queue view the API will serve. The store's own boot figures
 * (runStoreBench) are reported beside them, so the share of the store and of the actors is visible.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import * as v from 'valibot';
import type { JobRecord, JobStatus } from '../../machines/types.ts';
import { BUILTIN_PROFILE_INPUTS } from '../../src/profiles/catalogue.ts';
import { ProfileSchema } from '../../src/profiles/schema.ts';
import { createService } from '../../src/service/service.ts';
import { openStore } from '../../src/store/index.ts';
import { type BenchResult, resultOf, round, runIfMain } from './bench-result.ts';
import { runStoreBench } from './store.bench.ts';

const JOBS = 10_000;
const BOOTS = 3;
const CANCELS = 200;
const QUEUE_VIEWS = 20;
const REPO = fileURLToPath(new URL('../..', import.meta.url));

const profile = v.parse(
  ProfileSchema,
  BUILTIN_PROFILE_INPUTS.find((p) => p.name === 'live-qlab'),
);

function record(i: number, status: JobStatus): JobRecord {
  return {
    id: `job-${i}`,
    // Sources that do not exist: the one job the service starts at boot fails at once and touches nothing.
    source: {
      path: `/nonexistent/bench/cue-${i}.mov`,
      size: 500_000_000 + i,
      mtimeMs: 1_700_000_000_000 + i,
    },
    outputPath: `/nonexistent/bench/out/cue-${i}.mov`,
    profile,
    overrides: {},
    priority: i % 5,
    sourceAction: { kind: 'keep' },
    collision: 'suffix',
    verify: true,
    origin: 'rule:masters',
    createdAt: 1_000 + i,
    status,
    attempts: 1,
    progress: null,
    error: null,
    result: null,
    startedAt: null,
    finishedAt: null,
    updatedAt: 1_000 + i,
  };
}

/** 10,000 active jobs as a show would leave them: mostly pending, some held, a few caught running by a crash. */
export function buildStore(file: string): void {
  const store = openStore(file, { synchronous: 'normal' });
  for (let i = 0; i < JOBS; i++) {
    store.insertJob(record(i, 'pending'));
    if (i % 1000 === 1) {
      store.recordTransition(
        `job-${i}`,
        { status: 'running', tempPath: `/nonexistent/.${i}.tmp` },
        { type: 'started' },
      );
    } else if (i % 10 === 2) {
      store.recordTransition(`job-${i}`, { status: 'paused' }, { type: 'paused' });
    }
  }
  store.close();
}

function copyStore(from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
  }
}

interface BootSample {
  bootMs: number;
  /** CPU time (user + system) the boot used: unlike wall time, not stretched by other processes on the cores. */
  bootCpuMs: number;
  stopMs: number;
  cancels: number[];
  views: number[];
}

/**
 * One boot, as a show machine does it: a fresh process, createService on the store, then the figures taken while
 * the queue is paused, then a graceful stop. A fresh process because a second boot in the same process is not a
 * boot the service ever does (and runs measurably differently once the JIT has seen the first).
 */
async function bootOnce(file: string): Promise<BootSample> {
  // Production durability (synchronous full): the recovery writes are part of the boot.
  const cpu = process.cpuUsage();
  const start = performance.now();
  const service = createService({ storePath: file, ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' });
  const bootMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const bootCpuMs = (used.user + used.system) / 1000;
  // Still synchronous with the boot, so nothing but the first job is dispatched while the figures are taken.
  service.pauseQueue();
  const { counts } = service.status();
  const held = counts.pending + counts.running + counts.paused;
  if (held !== JOBS) throw new Error(`queue holds ${held} jobs after boot, expected ${JOBS}`);

  const views: number[] = [];
  for (let i = 0; i < QUEUE_VIEWS; i++) {
    const t = performance.now();
    const view = service.queue();
    views.push(performance.now() - t);
    if (view.jobs.length < JOBS - 1) throw new Error('queue view is missing jobs');
  }
  const pending = service
    .queue()
    .jobs.filter((j) => j.status === 'pending')
    .map((j) => j.id);
  const cancels: number[] = [];
  for (let i = 0; i < CANCELS; i++) {
    const t = performance.now();
    service.cancelJob(pending[(pending.length >> 1) + i]);
    cancels.push(performance.now() - t);
  }
  const t = performance.now();
  await service.stop({ graceSeconds: 0 });
  return { bootMs, bootCpuMs, stopMs: performance.now() - t, cancels, views };
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bvp-boot-bench-'));
  try {
    const master = path.join(dir, 'master.db');
    buildStore(master);
    const samples: BootSample[] = [];
    for (let b = 0; b < BOOTS; b++) {
      // Boot recovery rewrites the store, so every boot starts from a fresh copy of the same file.
      const file = path.join(dir, `boot-${b}.db`);
      copyStore(master, file);
      const child = await execa(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(import.meta.url), '--boot', file],
        {
          cwd: REPO,
        },
      );
      samples.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as BootSample);
      rmSync(file, { force: true });
    }
    const store = await runStoreBench(JOBS);

    const boot = resultOf(
      {
        id: 'service.boot-10k',
        issue: 3,
        name: 'Boot restore of a 10,000-job store through createService',
        unit: 'ms',
        target: { stat: 'median', op: '<', value: 2000 },
        note: `createService() until the queue holds all 10,000 jobs (8,990 pending, 1,000 held, 10 interrupted and requeued), store synchronous=full; ${BOOTS} boots, each in a fresh process on a fresh copy of the store; p99 = the worst.`,
      },
      samples.map((s) => s.bootMs),
    );
    const info = { issue: 3, target: null, p99: null, samples: 1, pass: null } as const;
    return [
      boot,
      resultOf(
        {
          id: 'service.boot-10k-cpu',
          issue: 3,
          name: 'Boot restore of a 10,000-job store: CPU time used',
          unit: 'ms',
          target: null,
          note: 'Informational: user + system CPU time of the same boots. On a shared machine the wall time stretches with the load; the CPU time is what the boot would take at best on an idle core.',
        },
        samples.map((s) => s.bootCpuMs),
      ),
      {
        ...info,
        id: 'store.boot-10k',
        name: 'Store alone: open + recover 10,000 jobs (runStoreBench)',
        unit: 'ms',
        median: round(store.bootMs),
        note:
          'Informational: the store’s share of the boot (open and the recovery transaction; listing the active jobs again costs ' +
          `${Math.round(store.listActiveMs)} ms).`,
      },
      {
        ...info,
        id: 'store.transition-full',
        name: 'One durable store transition (synchronous=full)',
        unit: 'ms',
        median: store.transitionFullMs,
        samples: 200,
        note: 'Informational (runStoreBench): one fsynced transaction; every job status change pays it.',
      },
      {
        ...info,
        id: 'store.transition-normal',
        name: 'One store transition (synchronous=normal)',
        unit: 'ms',
        median: store.transitionNormalMs,
        samples: 200,
      },
      resultOf(
        {
          id: 'service.cancel-10k',
          issue: 3,
          name: 'service.cancelJob() of a pending job with 10,000 queued',
          unit: 'ms',
          target: null,
          note: 'Informational: the queue CANCEL plus the durable store transaction (synchronous=full) the service makes for it.',
        },
        samples.flatMap((s) => s.cancels),
      ),
      resultOf(
        {
          id: 'service.queue-view-10k',
          issue: 3,
          name: 'service.queue() view of 10,000 active jobs',
          unit: 'ms',
          target: null,
          note: 'Informational: what GET /api/v1/queue builds per request (its issue 5 target, p99 < 20 ms, is measured over HTTP there).',
        },
        samples.flatMap((s) => s.views),
      ),
      resultOf(
        {
          id: 'service.stop-10k',
          issue: 3,
          name: 'service.stop() (grace 0) with 10,000 queued jobs',
          unit: 'ms',
          target: null,
          note: 'Informational: a graceful stop right after boot (one job interrupted, the actors of all queued jobs stopped).',
        },
        samples.map((s) => s.stopMs),
      ),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The child mode runs one boot and must not run the whole bench again.
if (process.argv[2] === '--boot') {
  console.log(JSON.stringify(await bootOnce(process.argv[3])));
} else {
  await runIfMain(import.meta.url, run);
}
