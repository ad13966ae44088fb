/**
 * Detection latency: a file renamed into the watch folder → ffmpeg spawned for it, through the whole real path
 * (chokidar event, intake settling for stable_seconds 1, stat, ffprobe, rules, store insert, queue dispatch, the
 * job's start check, ffmpeg; the job takes the intake's MediaInfo, so no second ffprobe runs before the encode). ffmpeg is a wrapper script that logs a timestamp and execs the real one, set through
 * the config's `ffmpeg.ffmpeg` as an operator would. poll_interval stays at its default (10 s), so the figure is
 * what fs events deliver, not the reconcile scan. Target: median ≤ 1.3 s.
 */
import { chmod, copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { startBulletproof } from '../../src/app.ts';
import type { ServiceEvent } from '../../src/service/types.ts';
import { type BenchResult, resultOf, round, runIfMain, summarize } from './bench-result.ts';

const SAMPLES = 10;
const WARMUP = 1;
const STABLE_SECONDS = 1;

/** bash's EPOCHREALTIME costs no fork, so the wrapper adds well under a millisecond before ffmpeg starts. */
async function writeWrapper(file: string, log: string, ffmpeg: string): Promise<void> {
  await writeFile(
    file,
    `#!/bin/bash\nprintf '%s\\t%s\\n' "$EPOCHREALTIME" "$*" >> ${JSON.stringify(log)}\nexec ${JSON.stringify(ffmpeg)} "$@"\n`,
  );
  await chmod(file, 0o755);
}

/** Spawn time (ms since epoch) of the first ffmpeg whose arguments name `name`. */
async function spawnedAt(log: string, name: string): Promise<number | null> {
  const text = await readFile(log, 'utf8').catch(() => '');
  const line = text.split('\n').find((l) => l.includes(name));
  return line ? Number(line.split('\t')[0]) * 1000 : null;
}

function waitForEvent(
  subscribe: (listener: (e: ServiceEvent) => void) => () => void,
  predicate: (e: ServiceEvent) => boolean,
  timeoutMs: number,
): Promise<ServiceEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = subscribe((e) => {
      if (!predicate(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

const ms = (values: number[]) => round(summarize(values).median).toFixed(0);

export async function run(): Promise<BenchResult[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bvp-bench-latency-'));
  const log = path.join(dir, 'spawns.log');
  const wrapper = path.join(dir, 'ffmpeg-wrapper');
  const realFfmpeg = (await execa('bash', ['-c', 'command -v ffmpeg'])).stdout.trim();
  await writeWrapper(wrapper, log, realFfmpeg);
  const configFile = path.join(dir, 'bvp.yaml');
  await writeFile(
    configFile,
    stringify({
      watch: [{ path: './watch', stable_seconds: STABLE_SECONDS, profile: 'live-qlab' }],
      output: './output',
      data: './data',
      ffmpeg: { ffmpeg: wrapper },
    }),
  );
  const staging = path.join(dir, 'staging');
  await mkdir(staging);
  const clip = path.join(dir, 'clip.mov');
  await execa(realFfmpeg, [
    ...[
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=160x90:rate=25:duration=0.5',
    ],
    ...['-f', 'lavfi', '-i', 'sine=duration=0.5', '-c:v', 'mpeg4', '-c:a', 'pcm_s16le', clip],
  ]);

  const app = await startBulletproof({ configFile, watchConfig: false, log: () => {} });
  const subscribe = app.service.subscribe.bind(app.service);
  const samples: number[] = [];
  // Where the time goes: rename → job.queued is the intake (settling, stat, ffprobe, rules, store insert);
  // job.started → spawn is the job's own probe and argument building.
  const intake: number[] = [];
  const jobStart: number[] = [];
  const firstAt = new Map<string, number>();
  app.service.subscribe((e) => {
    const job = 'job' in e.data ? e.data.job : undefined;
    const key = `${e.type} ${path.basename(job?.source?.path ?? '')}`;
    if (!firstAt.has(key)) firstAt.set(key, e.at);
  });
  try {
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const name = `take-${i}.mov`;
      const staged = path.join(staging, name);
      await copyFile(clip, staged);
      const completed = waitForEvent(
        subscribe,
        (e) => e.type === 'job.completed' || e.type === 'job.failed',
        30_000,
      );
      const renamedAt = Date.now();
      await rename(staged, path.join(dir, 'watch', name));
      // The next file goes in once this one is done: a free slot, so the figure is detection, not queueing.
      const done = await completed;
      if (done.type === 'job.failed') throw new Error(`job failed: ${JSON.stringify(done.data.error)}`);
      const spawned = await spawnedAt(log, name);
      if (spawned === null) throw new Error(`no ffmpeg spawn logged for ${name}`);
      if (i < WARMUP) continue;
      samples.push((spawned - renamedAt) / 1000);
      intake.push((firstAt.get(`job.queued ${name}`) ?? Number.NaN) - renamedAt);
      jobStart.push(spawned - (firstAt.get(`job.started ${name}`) ?? Number.NaN));
    }
  } finally {
    await app.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return [
    resultOf(
      {
        id: 'watch.detect-latency',
        issue: 4,
        name: 'Detection latency (file renamed into the folder → ffmpeg spawned), stable_seconds 1',
        unit: 's',
        target: { stat: 'median', op: '<=', value: 1.3 },
        note:
          `${SAMPLES} renames of a 0.5 s clip into an idle service (one warm-up not counted), each after the ` +
          "previous job completed; includes the 1 s stable window, one ffprobe (the intake's: the job takes its " +
          'MediaInfo) and the ' +
          'durable store insert. Spawn time from a wrapper script logging before it execs ffmpeg. ' +
          `Medians: rename → job.queued ${ms(intake)} ms, job.started → ffmpeg spawned ${ms(jobStart)} ms; ` +
          `load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores at the end.`,
      },
      samples,
    ),
  ];
}

await runIfMain(import.meta.url, run);
